/**
 * Stations' closed vocabularies: station types, amenities and live status, with their Chinese labels.
 */
export const StationType = { station: 'station', report_point: 'report_point' } as const
export type StationType = (typeof StationType)[keyof typeof StationType]

export const Amenity = {
  drinking_water: 'drinking_water',
  hot_water: 'hot_water',
  microwave: 'microwave',
  phone_charging: 'phone_charging',
  ebike_charging: 'ebike_charging',
  battery_swap: 'battery_swap',
  toilet: 'toilet',
  rest: 'rest',
  air_conditioning: 'air_conditioning',
  wifi: 'wifi',
  books: 'books',
  first_aid: 'first_aid',
  meals: 'meals',
  haircut: 'haircut',
  legal_advice: 'legal_advice',
  parking: 'parking',
} as const
export type Amenity = (typeof Amenity)[keyof typeof Amenity]
export const allAmenities: readonly Amenity[] = Object.values(Amenity)

export const amenityLabel: Record<Amenity, string> = {
  drinking_water: '饮用水',
  hot_water: '热水',
  microwave: '微波炉',
  phone_charging: '手机充电',
  ebike_charging: '电动车充电',
  battery_swap: '换电',
  toilet: '厕所',
  rest: '休息座椅',
  air_conditioning: '空调',
  wifi: 'Wi-Fi',
  books: '书报',
  first_aid: '急救箱',
  meals: '爱心餐',
  haircut: '理发',
  legal_advice: '法律咨询',
  parking: '停车',
}

export const LiveStatus = { open: 'open', closed: 'closed', full: 'full' } as const
export type LiveStatus = (typeof LiveStatus)[keyof typeof LiveStatus]

export const liveStatusLabel: Record<LiveStatus, string> = { open: '开放中', closed: '已关闭', full: '已满' }
