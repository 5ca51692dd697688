/**
 * Schema as code: every collection, its permission level and its indexes. The emulator applies it on
 * start; scripts/deploy.ts applies it to a real CloudBase environment. Permission posture (security
 * reference §2): all writes go through functions, so everything is ADMINONLY except the public station
 * map (ADMINWRITE: anyone may read, only functions/console write). Index budget: ≤ 20 per collection
 * on the oldest plans; we stay far below.
 */
import { Collection } from '../src/core/collections'
import type { CollectionSpec, DatabaseSchema, IndexSpec } from '@nuanxin/cloudbase-emulator'

const asc = (field: string) => ({ field, direction: 1 as const })
const desc = (field: string) => ({ field, direction: -1 as const })
const geo = (field: string) => ({ field, direction: '2dsphere' as const })
const idx = (name: string, keys: IndexSpec['keys'], unique = false): IndexSpec => (unique ? { name, keys, unique } : { name, keys })

const adminOnly = (name: string, description: string, indexes: IndexSpec[] = []): CollectionSpec => ({ name, permission: 'ADMINONLY', description, indexes })

export const schema: DatabaseSchema = {
  collections: [
    // identity and administration
    adminOnly(Collection.users, 'App users; _id is derived from the OPENID (idempotent first-call create)', [
      idx('openid_unique', [asc('openid')], true),
      idx('createdAt', [desc('createdAt')]),
    ]),
    adminOnly(Collection.roleGrants, 'One document per (user, role) with its scopes; _id = userId:role', [
      idx('userId', [asc('userId')]),
      idx('role_userId', [asc('role'), asc('userId')]),
      idx('scopeIds', [asc('scopeIds')]),
    ]),
    adminOnly(Collection.jobRuns, 'When each periodic job last ran and what it did (_id = function:job); timers decide from it what is due', []),
    adminOnly(Collection.auditLog, 'Append-only record of privileged changes (actor, target, before/after, reason)', [
      idx('target_at', [asc('targetKind'), asc('targetId'), desc('at')]),
      idx('actor_at', [asc('actorId'), desc('at')]),
      idx('at', [desc('at')]),
    ]),
    adminOnly(Collection.idempotency, 'First result per client idempotency key (_id = scope:key), pruned after 24 h', [idx('createdAt', [asc('createdAt')])]),
    adminOnly(Collection.counters, 'Sequence counters (_id = kind:period, e.g. report_receipt:20261205) advanced inside the transaction that uses the number', []),
    adminOnly(Collection.rateLimits, 'Per-user action counters; _id = userId:action:window', [idx('expiresAt', [asc('expiresAt')])]),

    // places
    adminOnly(Collection.streets, 'Streets/towns (街道/乡镇) of the served districts; scope of dispatchers and grids', [idx('district', [asc('district')])]),
    {
      name: Collection.stations,
      permission: 'ADMINWRITE',
      description: 'Public map data: stations (驿站) and community report points (报到点); no private fields',
      indexes: [
        idx('location_2dsphere', [geo('location')]),
        idx('code_unique', [asc('code')], true),
        idx('district_street', [asc('district'), asc('street')]),
        idx('type_liveStatus', [asc('type'), asc('liveStatus')]),
        idx('name', [asc('name')]),
      ],
    },
    adminOnly(Collection.stationStatusLog, 'Live-status changes by managers (who, when, from → to)', [idx('station_at', [asc('stationId'), desc('at')])]),
    adminOnly(Collection.stationSecrets, 'Check-in QR key per station (_id = stationId: stationCode, keyVersion, secret); never public', []),
    adminOnly(Collection.stationProblems, 'Problems riders report about a station (_id = hash of station, reporter, day), for its managers', [
      idx('station_state_at', [asc('stationId'), asc('state'), desc('at')]),
    ]),
    adminOnly(Collection.checkins, 'Check-ins; _id = purpose:userId:stationId:window so a window holds one; no raw coordinates', [
      idx('user_at', [asc('userId'), desc('at')]),
      idx('user_station_purpose_at', [asc('userId'), asc('stationId'), asc('purpose'), desc('at')]),
      idx('user_purpose_at', [asc('userId'), asc('purpose'), desc('at')]),
      idx('station_day', [asc('stationId'), asc('day')]),
      idx('district_day', [asc('district'), asc('day')]),
      idx('station_at', [asc('stationId'), desc('at')]),
      idx('purpose_at', [asc('purpose'), desc('at')]),
    ]),
    adminOnly(Collection.partyApplications, 'Party-member applications (_id = userId); contact is personal data for reviewers only', [
      idx('status_at', [asc('status'), desc('appliedAt')]),
    ]),

    // passbook
    adminOnly(Collection.ledger, 'Append-only point entries (integer delta, reason, source, idempotency key)', [
      idx('idempotencyKey_unique', [asc('idempotencyKey')], true),
      idx('user_at', [asc('userId'), desc('createdAt')]),
      idx('ref', [asc('refType'), asc('refId')]),
      // The dashboard's points per China day, over every account.
      idx('createdAt', [desc('createdAt')]),
    ]),
    adminOnly(Collection.balances, 'Balance per user (_id = userId), kept equal to the sum of their ledger entries', [idx('points', [desc('points')])]),
    adminOnly(Collection.pointRules, 'Admin-set point rules and caps per event kind', [idx('kind', [asc('kind')], true)]),
    adminOnly(Collection.rewards, 'Redeemable catalogue: cost, stock, per-user limit, pickup stations', [idx('active_cost', [asc('active'), asc('cost')])]),
    adminOnly(Collection.redemptions, 'Redemptions with pickup code; fulfilled (核销) by a station manager', [
      idx('idempotencyKey_unique', [asc('idempotencyKey')], true),
      idx('pickupCode_unique', [asc('pickupCode')], true),
      idx('user_at', [asc('userId'), desc('createdAt')]),
      idx('reward_user', [asc('rewardId'), asc('userId')]),
      idx('station_state', [asc('stationId'), asc('state')]),
      idx('state_expires', [asc('state'), asc('expiresAt')]),
      idx('reward_state', [asc('rewardId'), asc('state')]),
    ]),

    // reports and dispatch
    adminOnly(Collection.grids, 'Grid polygons (网格) per street; a report is routed to the grid containing it', [
      idx('street', [asc('street')]),
      idx('polygon_2dsphere', [geo('polygon')]),
    ]),
    adminOnly(Collection.departments, 'Departments that resolve dispatched reports (城管, 环卫, 交警 …)', [idx('district', [asc('district')])]),
    adminOnly(Collection.reportCategories, 'Report categories with SLA hours and default department', [idx('active_order', [asc('active'), asc('order')])]),
    adminOnly(Collection.reports, 'Reports (随手拍); reporter identity and exact location are never public', [
      idx('location_2dsphere', [geo('location')]),
      idx('idempotencyKey_unique', [asc('idempotencyKey')], true),
      // 受理编号: one report per number, whatever happens to the day's counter.
      idx('receiptNo_unique', [asc('receiptNo')], true),
      // Staff queues in urgency order (due time ascending): grid worker, street dispatcher, department.
      idx('grid_state_due', [asc('gridId'), asc('state'), asc('dueAt')]),
      idx('street_state_due', [asc('street'), asc('state'), asc('dueAt')]),
      idx('department_state_due', [asc('departmentId'), asc('state'), asc('dueAt')]),
      idx('reporter_at', [asc('reporterId'), desc('createdAt')]),
      idx('category_state', [asc('categoryId'), asc('state')]),
      // Timer: overdue marking and 72 h auto-close; figures by street and period.
      idx('overdue_due', [asc('overdue'), asc('dueAt')]),
      idx('state_resolvedAt', [asc('state'), asc('resolvedAt')]),
      idx('street_createdAt', [asc('street'), desc('createdAt')]),
      // District dashboard: what was accepted / resolved / closed (rated) in a street in a window (due: street_state_due).
      idx('street_acceptedAt', [asc('street'), asc('acceptedAt')]),
      idx('street_resolvedAt', [asc('street'), asc('resolvedAt')]),
      idx('street_closedAt', [asc('street'), asc('closedAt')]),
    ]),
    adminOnly(Collection.reportEvents, 'Append-only state transitions of reports (actor, from → to, note); _id = reportId:seq', [idx('report_seq', [asc('reportId'), asc('seq')])]),
    adminOnly(Collection.dispatchOutbox, 'Notifications/dispatches to send, with send state and failure count', [
      idx('state_next', [asc('sendState'), asc('nextAttemptAt')]),
      idx('report_state', [asc('reportId'), asc('sendState')]),
    ]),
    adminOnly(Collection.mediaChecks, 'security.mediaCheckAsync requests for user photos (reports, wishes) and their verdicts; _id = WeChat trace_id', [idx('subject', [asc('collection'), asc('docId')])]),
    adminOnly(Collection.notifications, 'In-app notices to a user (report changes, redemptions)', [idx('user_read_at', [asc('userId'), asc('read'), desc('createdAt')])]),

    // volunteers
    adminOnly(Collection.teams, 'Volunteer teams (志愿服务队 / 先锋服务队) with captains', [idx('street', [asc('street')]), idx('captainIds', [asc('captainIds')])]),
    adminOnly(Collection.teamMembers, 'Team roster and join requests; _id = teamId:userId', [idx('team_state', [asc('teamId'), asc('state')]), idx('user', [asc('userId')])]),
    adminOnly(Collection.activities, 'Team activities with capacity, waitlist, sign-up deadline; attendance code key (never projected)', [
      idx('team_start', [asc('teamId'), desc('startAt')]),
      idx('start', [asc('startAt')]),
      idx('end_state', [asc('endAt'), asc('state')]),
      idx('code', [asc('code')]),
      idx('location_2dsphere', [geo('location')]),
    ]),
    adminOnly(Collection.activitySignups, 'Sign-ups and attendance; _id = activityId:userId', [
      idx('activity_state', [asc('activityId'), asc('state')]),
      idx('activity_state_waitlistedAt', [asc('activityId'), asc('state'), asc('waitlistedAt')]),
      idx('activity_updatedAt', [asc('activityId'), desc('updatedAt')]),
      idx('user_at', [asc('userId'), desc('createdAt')]),
      idx('user_attendance', [asc('userId'), asc('attendance')]),
      idx('team_attendance_user', [asc('teamId'), asc('attendance'), asc('userId')]),
    ]),
    adminOnly(Collection.serviceRecords, 'Certified service hours with certificate number', [
      idx('certificateNo_unique', [asc('certificateNo')], true),
      idx('user_at', [asc('userId'), desc('issuedAt')]),
    ]),

    // district workbench
    adminOnly(Collection.enterprises, '一企一档: new-economy enterprises and sites per street (contacts are staff-only); every write has a history entry', [
      idx('street_name', [asc('street'), asc('name')]),
      idx('street_verifiedAt', [asc('street'), asc('verifiedAt')]),
      idx('name', [asc('name')]),
    ]),
    adminOnly(Collection.enterpriseHistory, 'Append-only dated history of enterprise records (_id = enterpriseId:version; who, what before → after, when)', [
      idx('enterprise_version', [asc('enterpriseId'), desc('version')]),
      idx('street_at', [asc('street'), desc('at')]),
    ]),
    adminOnly(Collection.enterpriseLinks, 'Party members\' claimed enterprise (_id = userId) and the street staff\'s decision', [
      idx('street_status_at', [asc('street'), asc('status'), asc('claimedAt')]),
      idx('enterprise_at', [asc('enterpriseId'), desc('claimedAt')]),
    ]),
    adminOnly(Collection.districtStats, 'Dashboard figures per street and past China day (_id = street:day; points over every account: points:day); a cache of figuresByDay over the sources', [idx('street_day', [asc('street'), asc('day')])]),

    // station services (暖新365)
    adminOnly(Collection.services, 'Services a station offers (haircut, health check …) with a recurring schedule in China time', [
      idx('station_state', [asc('stationId'), asc('state')]),
      idx('street_state', [asc('street'), asc('state')]),
      idx('location_2dsphere', [geo('location')]),
    ]),
    adminOnly(Collection.serviceSlots, 'Seat counters of booked slots; _id = serviceId:YYYYMMDDHHmm (created on first booking)', [
      idx('service_start', [asc('serviceId'), asc('startAt')]),
      idx('station_start', [asc('stationId'), asc('startAt')]),
    ]),
    adminOnly(Collection.serviceBookings, 'Bookings, waitlist and held offers per slot; _id = slotId:userId', [
      idx('slot_state_waitlistedAt', [asc('slotId'), asc('state'), asc('waitlistedAt')]),
      idx('slot_state_offerExpiresAt', [asc('slotId'), asc('state'), asc('offerExpiresAt')]),
      idx('state_offerExpiresAt', [asc('state'), asc('offerExpiresAt')]),
      idx('state_attendance_endAt', [asc('state'), asc('attendance'), asc('endAt')]),
      idx('state_reminded_startAt', [asc('state'), asc('reminded'), asc('startAt')]),
      idx('user_start', [asc('userId'), desc('startAt')]),
      idx('user_station_state', [asc('userId'), asc('stationId'), asc('state')]),
      idx('station_start', [asc('stationId'), asc('startAt')]),
      idx('street_start', [asc('street'), asc('startAt')]),
    ]),

    // micro-wishes and suggestions
    adminOnly(Collection.wishes, 'Micro-wishes (微心愿): post → screen → claim → contact → deliver → confirm; beneficiary identity, phone and photo never public', [
      idx('idempotencyKey_unique', [asc('idempotencyKey')], true),
      // The public wall by street: newest first, and longest-waiting (returned claims first).
      idx('street_state_published', [asc('street'), asc('state'), desc('publishedAt')]),
      idx('street_state_priority_published', [asc('street'), asc('state'), desc('priority'), asc('publishedAt')]),
      idx('street_state_category_published', [asc('street'), asc('state'), asc('categoryId'), desc('publishedAt')]),
      idx('state_published', [asc('state'), desc('publishedAt')]),
      idx('state_priority_published', [asc('state'), desc('priority'), asc('publishedAt')]),
      idx('state_fulfilled', [asc('state'), desc('fulfilledAt')]),
      idx('beneficiary_state', [asc('beneficiaryId'), asc('state')]),
      idx('participants', [asc('claim.participants'), desc('updatedAt')]),
      // Timer: lapsed claims, unconfirmed deliveries, stale unscreened wishes.
      idx('state_contactBy', [asc('state'), asc('claim.contactBy')]),
      idx('state_deliveredAt', [asc('state'), asc('delivery.at')]),
      idx('state_createdAt', [asc('state'), asc('createdAt')]),
    ]),
    adminOnly(Collection.wishEvents, 'Append-only transitions of wishes (actor, from → to, note); _id = wishId:seq', [idx('subject_seq', [asc('subjectId'), asc('seq')])]),
    adminOnly(Collection.suggestions, 'Suggestions (建议) with public answers; the suggester is never shown', [
      idx('idempotencyKey_unique', [asc('idempotencyKey')], true),
      idx('street_createdAt', [asc('street'), desc('createdAt')]),
      idx('district_createdAt', [asc('district'), desc('createdAt')]),
      idx('supportCount_createdAt', [desc('supportCount'), desc('createdAt')]),
      idx('street_state_createdAt', [asc('street'), asc('state'), desc('createdAt')]),
      idx('state_createdAt', [asc('state'), desc('createdAt')]),
      idx('author_at', [asc('authorId'), desc('createdAt')]),
    ]),
    adminOnly(Collection.suggestionEvents, 'Append-only transitions of suggestions; _id = suggestionId:seq', [idx('subject_seq', [asc('subjectId'), asc('seq')])]),
    adminOnly(Collection.suggestionVotes, 'One +1 per user and suggestion; _id = suggestionId:userId', [idx('suggestion', [asc('suggestionId')])]),
  ],
}

export default schema
