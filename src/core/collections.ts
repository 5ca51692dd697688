/**
 * Database collection names, defined once. The schema (cloudfunctions/database-schema.ts), the cloud
 * functions, the seed and the tests all refer to collections through this object, so a rename is a
 * compile error rather than an empty query in production.
 */
export const Collection = {
  // identity and administration
  users: 'users',
  roleGrants: 'role_grants',
  auditLog: 'audit_log',
  jobRuns: 'job_runs',
  idempotency: 'idempotency',
  rateLimits: 'rate_limits',
  /** Sequence counters (`_id = kind:period`), e.g. the last report receipt number of a day. */
  counters: 'counters',
  // places
  streets: 'streets',
  stations: 'stations',
  stationStatusLog: 'station_status_log',
  /** Check-in QR keys per station (secret + version); never on the public-read station document. */
  stationSecrets: 'station_secrets',
  /** Problems riders report about a station, for its managers. */
  stationProblems: 'station_problems',
  checkins: 'checkins',
  partyApplications: 'party_applications',
  // passbook
  ledger: 'ledger',
  balances: 'balances',
  pointRules: 'point_rules',
  rewards: 'rewards',
  redemptions: 'redemptions',
  // reports and dispatch
  grids: 'grids',
  departments: 'departments',
  reportCategories: 'report_categories',
  reports: 'reports',
  reportEvents: 'report_events',
  dispatchOutbox: 'dispatch_outbox',
  mediaChecks: 'media_checks',
  notifications: 'notifications',
  // volunteers
  teams: 'teams',
  teamMembers: 'team_members',
  activities: 'activities',
  activitySignups: 'activity_signups',
  serviceRecords: 'service_records',
  // station services (暖新365)
  services: 'services',
  serviceSlots: 'service_slots',
  serviceBookings: 'service_bookings',
  // district workbench
  /** 一企一档: one record per new-economy enterprise or site in a street. */
  enterprises: 'enterprises',
  /** Append-only dated history of every enterprise change (_id = enterpriseId:version). */
  enterpriseHistory: 'enterprise_history',
  /** A Party member's claim that they work at an enterprise, confirmed by street staff (_id = userId). */
  enterpriseLinks: 'enterprise_links',
  /** Dashboard figures per street and past China day (_id = street:YYYY-MM-DD), recomputable from the source data. */
  districtStats: 'district_stats',
  // micro-wishes and suggestions
  wishes: 'wishes',
  wishEvents: 'wish_events',
  suggestions: 'suggestions',
  suggestionEvents: 'suggestion_events',
  /** One "+1" per user and suggestion; _id = suggestionId:userId. */
  suggestionVotes: 'suggestion_votes',
} as const

export type CollectionName = (typeof Collection)[keyof typeof Collection]
