/**
 * Content security, declared: every free-text field of every action's input (a `text` in the
 * contract's schema, test/functions/content-policy.test.ts derives the list) is listed here with what
 * happens to it. `checked`: WeChat's msgSecCheck says pass before it is stored (cloudfunctions/_runtime/
 * content.ts). `notShown`: nobody but its author sees it, or it is never stored. `staffRecord`: a reason
 * staff give that only staff read, in an audit or review record. There is no "shown but unchecked":
 * a text others read is `checked`, and the test fails on any other status. A new free-text field fails
 * the test until it is declared here. `npm run content-policy` prints this as the table in CONTENT-SECURITY.md.
 */

export type ContentRule =
  | { status: 'checked'; seenBy: string }
  | { status: 'notShown'; why: string }
  | { status: 'staffRecord'; seenBy: string }

const checked = (seenBy: string): ContentRule => ({ status: 'checked', seenBy })
const notShown = (why: string): ContentRule => ({ status: 'notShown', why })
const staffRecord = (seenBy: string): ContentRule => ({ status: 'staffRecord', seenBy })

const SEARCH = '查询条件，不保存也不展示给别人'
const SCANNED = '扫码得到的场景值或编号，服务端解析校验，不是用户写的文字'
const AUDIT = '管理员（审计记录）'
const STATION_PUBLIC = '所有人（驿站详情、列表）'
const REGISTRY = '街道、区级工作人员（一企一档、台账导出）；企业名称也出现在党员选择所在企业时'
const REGISTRY_HISTORY = '街道、区级工作人员（档案修改记录）'

export const contentPolicy: Record<string, ContentRule> = {
  'users.updateProfile.nickname': checked('队友、队长（队伍名单、考勤表、名单导出）'),
  'users.grantRole.reason': staffRecord(AUDIT),
  'users.revokeRole.reason': staffRecord(AUDIT),
  'users.listUsers.q': notShown(SEARCH),

  'stations.search.q': notShown(SEARCH),
  'stations.search.district': notShown(SEARCH),
  'stations.search.street': notShown(SEARCH),
  'stations.managed.q': notShown(SEARCH),
  'stations.reportProblem.note': checked('驿站管理员'),
  'stations.update.patch.name': checked(STATION_PUBLIC),
  'stations.update.patch.description': checked(STATION_PUBLIC),
  'stations.update.patch.hours.note': checked(STATION_PUBLIC),
  'stations.update.patch.hours.exceptions[].note': checked(STATION_PUBLIC),
  'stations.update.patch.host': checked(STATION_PUBLIC),
  'stations.update.patch.addressDetail': checked(STATION_PUBLIC),
  'stations.setLiveStatus.note': checked(STATION_PUBLIC),
  'stations.markVerified.note': staffRecord('驿站管理员、管理员（状态记录）'),
  'stations.rotateSecret.reason': staffRecord(AUDIT),
  'stations.create.name': checked(STATION_PUBLIC),
  'stations.create.description': checked(STATION_PUBLIC),
  'stations.create.address.province': checked(STATION_PUBLIC),
  'stations.create.address.city': checked(STATION_PUBLIC),
  'stations.create.address.district': checked(STATION_PUBLIC),
  'stations.create.address.street': checked(STATION_PUBLIC),
  'stations.create.address.detail': checked(STATION_PUBLIC),
  'stations.create.hours.note': checked(STATION_PUBLIC),
  'stations.create.hours.exceptions[].note': checked(STATION_PUBLIC),
  'stations.create.network': checked(STATION_PUBLIC),
  'stations.create.host': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.address.province': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.address.city': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.address.district': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.address.street': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.address.detail': checked(STATION_PUBLIC),
  'stations.adminUpdate.patch.network': checked(STATION_PUBLIC),
  'stations.adminUpdate.reason': staffRecord(AUDIT),

  'checkins.preview.scene': notShown(SCANNED),
  'checkins.checkIn.scene': notShown(SCANNED),
  'checkins.districtFigures.district': notShown(SEARCH),
  'checkins.partyApply.organisation': checked('审核的管理员；通过后显示在报到记录里'),
  'checkins.partyReview.reason': checked('申请人'),

  'passbook.fulfil.code': notShown(SCANNED),
  'passbook.saveRule.label': checked('所有人（积分规则、存折记录）'),
  'passbook.saveRule.reason': staffRecord(AUDIT),
  'passbook.saveReward.name': checked('所有人（礼品目录）'),
  'passbook.saveReward.description': checked('所有人（礼品目录）'),
  'passbook.addStock.reason': staffRecord(AUDIT),
  'passbook.adjust.reason': checked('被调整的人（存折记录）'),
  'passbook.credit.source.type': notShown('内部动作：只有其他云函数调用，不是用户输入'),
  'passbook.credit.source.id': notShown('内部动作：只有其他云函数调用，不是用户输入'),
  'passbook.credit.idempotencyKey': notShown('内部动作：只有其他云函数调用，不是用户输入'),
  'passbook.credit.reason': notShown('内部动作：只有其他云函数调用，不是用户输入'),

  'reports.submit.address': checked('所有人（公开列表、详情）'),
  'reports.submit.description': checked('所有人（公开列表、详情）'),
  'reports.accept.note': checked('所有人（处理记录）'),
  'reports.reject.note': checked('所有人（处理记录）'),
  'reports.merge.note': checked('所有人（处理记录）'),
  'reports.dispatch.note': checked('所有人（处理记录）'),
  'reports.transfer.note': checked('工作人员（处理记录）'),
  'reports.addNote.note': checked('工作人员（内部备注）'),
  'reports.start.note': checked('所有人（处理记录）'),
  'reports.resolve.note': checked('所有人（处理记录）'),
  'reports.sendBack.note': checked('所有人（处理记录）'),
  'reports.confirm.note': checked('所有人（处理记录）'),
  'reports.reopen.note': checked('所有人（处理记录）'),
  'reports.bulk.note': checked('所有人（处理记录）'),
  'reports.saveCategory.hint': checked('所有人（随手拍类别选择）'),
  'reports.saveCategory.reason': staffRecord(AUDIT),
  'reports.saveDepartment.name': checked('上报的人、所有人（问题详情的处理部门）'),
  'reports.saveDepartment.reason': staffRecord(AUDIT),
  'reports.saveGrid.name': checked('上报的人（上报前的去向提示）、工作人员（问题详情、队列）'),
  'reports.saveGrid.reason': staffRecord(AUDIT),

  'volunteers.listTeams.street': notShown(SEARCH),
  'volunteers.requestJoin.note': checked('队长'),
  'volunteers.decideJoin.reason': checked('申请人'),
  'volunteers.removeMember.reason': checked('被移出的队员'),
  'volunteers.handOver.reason': staffRecord(AUDIT),
  'volunteers.createActivity.title': checked('所有人（活动列表、详情）'),
  'volunteers.createActivity.description': checked('所有人（活动列表、详情）'),
  'volunteers.createActivity.address': checked('所有人（活动列表、详情）'),
  'volunteers.scanPreview.scene': notShown(SCANNED),
  'volunteers.attend.scene': notShown(SCANNED),
  'volunteers.markAttendance.reason': checked('队长、管理员（考勤表）'),
  'volunteers.verifyCertificate.certificateNo': notShown('查验证书时输入的编号，不保存'),

  'services.saveService.provider': checked('所有人（服务列表、详情、驿站详情）'),
  'services.saveService.description': checked('所有人（服务列表、详情、驿站详情）'),
  'services.saveService.definition.absences[].note': checked('所有人（服务详情）'),
  'services.rate.comment': checked('驿站管理员、服务提供方'),
  'services.figures.street': notShown(SEARCH),
  'services.calendar.street': notShown(SEARCH),

  'wishes.post.title': checked('所有人（心愿墙、心愿详情）'),
  'wishes.post.description': checked('所有人（心愿墙、心愿详情）'),
  'wishes.post.community': checked('所有人（心愿墙、心愿详情）'),
  'wishes.screen.note': checked('许愿人、街道工作人员（审核结果）'),
  'wishes.markContacted.note': checked('许愿人、认领人（处理记录）'),
  'wishes.release.note': checked('许愿人（处理记录）'),
  'wishes.deliver.note': checked('许愿人（送达回执）'),
  'wishes.confirm.note': checked('认领人（处理记录）'),
  'wishes.notArrived.note': checked('认领人（站内消息）'),
  'wishes.thank.text': checked('认领人；许愿人选择公开时所有人（圆梦故事）'),
  'wishes.message.text': checked('许愿人或认领人（站内转达的留言）'),

  'suggestions.post.text': checked('所有人（建议公示栏）'),
  'suggestions.post.place': checked('所有人（建议公示栏）'),
  'suggestions.evaluate.reply': checked('所有人（建议公示栏的公开答复）'),
  'suggestions.adopt.reply': checked('所有人（建议公示栏的公开答复）'),
  'suggestions.decline.reply': checked('所有人（建议公示栏的公开答复）'),
  'suggestions.solve.reply': checked('所有人（建议公示栏的公开答复）'),
  'suggestions.addNote.note': staffRecord('街道工作人员（内部备注，不公开）'),

  'district.listEnterprises.q': notShown(SEARCH),
  'district.findEnterprises.q': notShown(SEARCH),
  'district.createEnterprise.name': checked(REGISTRY),
  'district.createEnterprise.brand': checked(REGISTRY),
  'district.createEnterprise.address': checked(REGISTRY),
  'district.createEnterprise.contactName': checked(REGISTRY),
  'district.createEnterprise.instructor': checked(REGISTRY),
  'district.updateEnterprise.patch.name': checked(REGISTRY),
  'district.updateEnterprise.patch.brand': checked(REGISTRY),
  'district.updateEnterprise.patch.address': checked(REGISTRY),
  'district.updateEnterprise.patch.contactName': checked(REGISTRY),
  'district.updateEnterprise.patch.instructor': checked(REGISTRY),
  'district.updateEnterprise.note': staffRecord(REGISTRY_HISTORY),
  'district.verifyEnterprise.note': staffRecord(REGISTRY_HISTORY),
  'district.decideLink.reason': checked('登记的党员本人'),
  'district.endLink.reason': checked('登记的党员本人'),
}

/**
 * Every picture field of every action's input (an `s.fileId()` in the contract, which the test derives
 * the same way): `checked` pictures go to security.mediaCheckAsync when stored
 * (cloudfunctions/_runtime/media-check.ts) and reach anyone but their author and the staff who moderate
 * them only after WeChat passed them; `notShown` fields add no picture.
 */
export type ImageRule = Extract<ContentRule, { status: 'checked' | 'notShown' }>

const AFTER_PASS = '；其他人在微信检测通过后'
const REPORT_PHOTOS = `上报人、处置人员即时${AFTER_PASS}（随手拍详情、公开列表）`

export const imagePolicy: Record<string, ImageRule> = {
  'stations.addPhoto.fileId': { status: 'checked', seenBy: `驿站管理员即时${AFTER_PASS}（驿站详情、列表封面）` },
  'stations.removePhoto.fileId': { status: 'notShown', why: '指认要删除的已有照片，不新增图片' },
  'passbook.saveReward.photo': { status: 'checked', seenBy: `管理员即时${AFTER_PASS}（礼品目录）` },
  'reports.submit.photos[]': { status: 'checked', seenBy: REPORT_PHOTOS },
  'reports.addPhotos.photos[]': { status: 'checked', seenBy: REPORT_PHOTOS },
  'reports.resolve.photos[]': { status: 'checked', seenBy: REPORT_PHOTOS },
  'reports.reopen.photos[]': { status: 'checked', seenBy: REPORT_PHOTOS },
  'wishes.post.photo': { status: 'checked', seenBy: `许愿人、街道工作人员即时；认领人在微信检测通过后（心愿详情，从不公开）` },
  'wishes.deliver.photo': { status: 'checked', seenBy: `认领人、街道工作人员即时；许愿人在微信检测通过后（送达回执）` },
  'suggestions.post.photo': { status: 'checked', seenBy: `建议人、街道工作人员即时${AFTER_PASS}（建议详情）` },
}

const statusText: Record<ContentRule['status'], string> = { checked: '已检查', notShown: '不检查', staffRecord: '不检查（工作记录）' }

/** The table of CONTENT-SECURITY.md, one row a field. */
export function contentPolicyTable(): string {
  const rows = Object.entries(contentPolicy).map(([field, rule]) => `| \`${field}\` | ${statusText[rule.status]} | ${rule.status === 'notShown' ? rule.why : `谁能看到：${rule.seenBy}`} |`)
  return ['| 字段 field | 内容安全 | 原因 / 谁能看到 |', '| --- | --- | --- |', ...rows].join('\n')
}

/** The picture table of CONTENT-SECURITY.md, one row a field. */
export function imagePolicyTable(): string {
  const rows = Object.entries(imagePolicy).map(([field, rule]) => `| \`${field}\` | ${rule.status === 'checked' ? '已检测（mediaCheckAsync）' : '不检测'} | ${rule.status === 'checked' ? `谁能看到：${rule.seenBy}` : rule.why} |`)
  return ['| 图片字段 picture field | 图片安全 | 原因 / 谁能看到 |', '| --- | --- | --- |', ...rows].join('\n')
}
