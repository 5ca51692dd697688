/**
 * Check-ins' closed vocabularies, shared by the checkins function and the pages: purposes, how the
 * code reached the mini-program, WeChat launch scenes, rejection codes with the error code each maps
 * to, and the Chinese a rider reads. No I/O and no node imports (bundled into the mini-program).
 */
import type { ErrorCode } from '../core/errors'

export const CheckinPurpose = {
  /** A rider visiting a station (驿站到访). */
  visit: 'visit',
  /** A mobile Party member reporting to a community report point (流动党员报到). */
  party_report: 'party_report',
  /** Volunteer activity attendance; reserved for the volunteers domain, refused until it lands. */
  activity: 'activity',
  /** Arriving for a booked station service (驿站服务签到): marks the booking attended. */
  service: 'service',
} as const
export type CheckinPurpose = (typeof CheckinPurpose)[keyof typeof CheckinPurpose]
export const allCheckinPurposes: readonly CheckinPurpose[] = Object.values(CheckinPurpose)

/** The point rule a counted check-in earns under; activity attendance earns through volunteer hours, a service arrival once per booking (services function). */
export const checkinPointKind = { visit: 'checkin_visit', party_report: 'party_report', activity: null, service: null } as const satisfies Record<CheckinPurpose, string | null>

export const checkinPurposeLabel: Record<CheckinPurpose, string> = {
  visit: '驿站到访',
  party_report: '党员报到',
  activity: '活动签到',
  service: '服务签到',
}

/** How the scene reached the page: the mini-program opened by a scan, or wx.scanCode inside it. */
export const EntryMethod = { launch: 'launch', scan_code: 'scan_code' } as const
export type EntryMethod = (typeof EntryMethod)[keyof typeof EntryMethod]

/** WeChat launch scene values that matter here (https://developers.weixin.qq.com/miniprogram/dev/reference/scene-list.html). */
export const LaunchScene = {
  /** 扫描小程序码 — the camera, live. */
  scanWxacode: 1047,
  /** 扫描二维码 — the camera, live. */
  scanQrcode: 1011,
  /** 长按图片识别小程序码 — e.g. a poster photo forwarded to a group chat. */
  longPressWxacode: 1048,
  /** 扫描手机相册中选取的小程序码. */
  albumWxacode: 1049,
  /** 长按图片识别二维码. */
  longPressQrcode: 1012,
  /** 扫描手机相册中选取的二维码. */
  albumQrcode: 1013,
} as const
export type LaunchScene = (typeof LaunchScene)[keyof typeof LaunchScene]

/** Scenes that can only come from pointing the camera at the code. */
export const liveScanScenes: readonly number[] = [LaunchScene.scanWxacode, LaunchScene.scanQrcode]
/** Scenes that mean the code was read from an image: the shared-photo fraud this check exists for. */
export const imageScanScenes: readonly number[] = [
  LaunchScene.longPressWxacode,
  LaunchScene.albumWxacode,
  LaunchScene.longPressQrcode,
  LaunchScene.albumQrcode,
]

export const CheckinOutcome = {
  /** A new check-in was recorded and counts toward figures. */
  counted: 'counted',
  /** The user already checked in here within the cooldown; nothing new was recorded. */
  acknowledged: 'acknowledged',
} as const
export type CheckinOutcome = (typeof CheckinOutcome)[keyof typeof CheckinOutcome]

export const CheckinRejectionCode = {
  scene_malformed: 'scene_malformed',
  station_not_found: 'station_not_found',
  scene_revoked: 'scene_revoked',
  scene_invalid: 'scene_invalid',
  not_live_scan: 'not_live_scan',
  purpose_unsupported: 'purpose_unsupported',
  purpose_mismatch: 'purpose_mismatch',
  party_not_approved: 'party_not_approved',
  station_closed: 'station_closed',
  location_invalid: 'location_invalid',
  location_imprecise: 'location_imprecise',
  out_of_range: 'out_of_range',
  daily_cap: 'daily_cap',
} as const
export type CheckinRejectionCode = (typeof CheckinRejectionCode)[keyof typeof CheckinRejectionCode]

/** The envelope error code each rejection travels as; none is retryable as-is (see retryableCodes). */
export const rejectionErrorCode: Record<CheckinRejectionCode, ErrorCode> = {
  scene_malformed: 'INVALID_ARGUMENT',
  station_not_found: 'NOT_FOUND',
  scene_revoked: 'FORBIDDEN',
  scene_invalid: 'FORBIDDEN',
  not_live_scan: 'FORBIDDEN',
  purpose_unsupported: 'INVALID_ARGUMENT',
  purpose_mismatch: 'INVALID_ARGUMENT',
  party_not_approved: 'FORBIDDEN',
  station_closed: 'FORBIDDEN',
  location_invalid: 'INVALID_ARGUMENT',
  location_imprecise: 'OUT_OF_RANGE',
  out_of_range: 'OUT_OF_RANGE',
  daily_cap: 'RATE_LIMITED',
}

/** Default text per rejection; rules fill in numbers (distance, radius, accuracy, cap) where they help. */
export const rejectionText: Record<CheckinRejectionCode, string> = {
  scene_malformed: '无法识别这个二维码，请扫描驿站现场张贴的暖新二维码',
  station_not_found: '没有找到这个站点，它可能已撤销，请扫描现场张贴的最新二维码',
  scene_revoked: '这张二维码已停用（站点已更换新码），请扫描现场张贴的最新二维码',
  scene_invalid: '二维码校验未通过，请扫描站点现场张贴的二维码',
  not_live_scan: '请使用微信扫一扫现场扫描驿站二维码，不能识别相册或转发的图片',
  purpose_unsupported: '活动签到暂未开放，请在活动页面签到',
  purpose_mismatch: '报到类型与站点不符，请重新扫码',
  party_not_approved: '党员报到仅限已认证的党员，请先在“我的”里申请党员认证',
  station_closed: '站点暂停开放，暂时不能报到',
  location_invalid: '定位信息异常，请打开手机定位后重新扫码',
  location_imprecise: '定位精度太低，请到室外或打开 GPS 后重新扫码',
  out_of_range: '距离站点太远，请到站点附近再扫码',
  daily_cap: '今天的报到次数已达上限，明天再来吧',
}
