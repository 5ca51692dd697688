/**
 * The four demo districts from the news reports (shared/context): their centres (GCJ-02), streets,
 * road names, station networks and the local vocabulary that makes demo data look real.
 */
import type { Amenity } from '../../src/stations/vocabulary'

export interface StreetDef {
  id: string
  name: string
  /** Offset of the street's centre from the district centre, in metres (east, north). */
  offset: [number, number]
}

export interface HostDef {
  host: string
  amenities: Amenity[]
  /** Hours profile name, see demo-data.ts. */
  hours: 'always' | 'office' | 'shop' | 'late' | 'community' | 'library'
}

export interface DistrictDef {
  key: 'hj' | 'sw' | 'lf' | 'ny'
  province: string
  city: string
  district: string
  centre: { lng: number; lat: number }
  network: string
  areaCode: string
  streets: StreetDef[]
  roads: string[]
  hosts: HostDef[]
  /** Base amenities of the network's standard fit-out. */
  baseAmenities: Amenity[]
}

export const districts: DistrictDef[] = [
  {
    key: 'hj',
    province: '河南省',
    city: '郑州市',
    district: '惠济区',
    centre: { lng: 113.62, lat: 34.87 },
    network: '惠家·暖心驿站',
    areaCode: '0371',
    streets: [
      { id: 'street-hj-xc', name: '新城街道', offset: [-1500, -1200] },
      { id: 'street-hj-ybl', name: '迎宾路街道', offset: [1400, 800] },
      { id: 'street-hj-cxl', name: '长兴路街道', offset: [-200, -2400] },
      { id: 'street-hj-lz', name: '刘寨街道', offset: [2400, -1600] },
      { id: 'street-hj-lyc', name: '老鸦陈街道', offset: [-2600, 1200] },
      { id: 'street-hj-dhl', name: '大河路街道', offset: [300, 2200] },
    ],
    roads: ['天河路', '开元路', '江山路', '文化北路', '长兴路', '英才街', '清华园路', '迎宾路', '北三环', '索凌路', '新城路', '月湖南路', '香山路', '东风路', '银河路', '兴隆铺路'],
    hosts: [
      { host: '社区党群服务中心', amenities: ['hot_water', 'books', 'toilet', 'wifi'], hours: 'community' },
      { host: '中国铁塔换电站', amenities: ['battery_swap', 'ebike_charging'], hours: 'always' },
      { host: '加油站便利店', amenities: ['toilet', 'hot_water', 'parking'], hours: 'always' },
      { host: '商业综合体服务台', amenities: ['toilet', 'wifi', 'parking'], hours: 'shop' },
      { host: '银行网点', amenities: ['wifi', 'hot_water'], hours: 'office' },
      { host: '连锁便利店', amenities: ['hot_water', 'meals'], hours: 'late' },
    ],
    baseAmenities: ['drinking_water', 'microwave', 'air_conditioning', 'first_aid', 'rest', 'phone_charging'],
  },
  {
    key: 'sw',
    province: '四川省',
    city: '乐山市',
    district: '沙湾区',
    centre: { lng: 103.55, lat: 29.41 },
    network: '铜心驿站',
    areaCode: '0833',
    streets: [
      { id: 'street-sw-sw', name: '沙湾街道', offset: [0, 0] },
      { id: 'street-sw-jn', name: '嘉农镇', offset: [1800, 2200] },
      { id: 'street-sw-tp', name: '太平镇', offset: [-1600, -2000] },
    ],
    roads: ['文豪路', '沫若大道', '铜河路', '兴沙路', '滨河路', '银沙路', '福禄街', '嘉农路', '沙湾正街', '新华路'],
    hosts: [
      { host: '商场超市', amenities: ['toilet', 'hot_water', 'air_conditioning'], hours: 'shop' },
      { host: '药店', amenities: ['first_aid', 'hot_water'], hours: 'late' },
      { host: '社区便民服务中心', amenities: ['books', 'toilet', 'wifi', 'legal_advice'], hours: 'community' },
      { host: '电信营业厅', amenities: ['wifi', 'phone_charging'], hours: 'shop' },
    ],
    baseAmenities: ['drinking_water', 'phone_charging', 'rest', 'wifi'],
  },
  {
    key: 'lf',
    province: '江苏省',
    city: '苏州市',
    district: '苏州工业园区',
    centre: { lng: 120.66, lat: 31.3 },
    network: '暖"新"服务站',
    areaCode: '0512',
    streets: [{ id: 'street-lf', name: '娄葑街道', offset: [0, 0] }],
    roads: ['北摆宴街', '文萃路', '东港路', '葑谊路', '南施街', '苏安北路', '泾园路', '金厍路', '娄东路', '杨枝塘路', '东环路', '星港街', '双湖路', '民生路', '翰林路', '万宝路'],
    hosts: [
      { host: '外卖配送站点', amenities: ['ebike_charging', 'microwave', 'meals'], hours: 'late' },
      { host: '快递网点', amenities: ['hot_water', 'toilet'], hours: 'office' },
      { host: '直播电商基地', amenities: ['wifi', 'air_conditioning', 'toilet'], hours: 'office' },
      { host: '户外劳动者之家', amenities: ['legal_advice', 'first_aid', 'hot_water', 'toilet'], hours: 'always' },
      { host: '商业广场服务点', amenities: ['parking', 'toilet', 'wifi'], hours: 'shop' },
    ],
    baseAmenities: ['drinking_water', 'air_conditioning', 'rest', 'phone_charging', 'first_aid'],
  },
  {
    key: 'ny',
    province: '湖南省',
    city: '永州市',
    district: '宁远县',
    centre: { lng: 111.94, lat: 25.58 },
    network: '小哥驿站',
    areaCode: '0746',
    streets: [
      { id: 'street-ny-sl', name: '舜陵街道', offset: [0, 0] },
      { id: 'street-ny-ty', name: '桃源街道', offset: [1900, -900] },
      { id: 'street-ny-dx', name: '东溪街道', offset: [-1700, 1300] },
    ],
    roads: ['舜陵大道', '九嶷大道', '泠江路', '桃源路', '东溪路', '文庙路', '解放路', '宁远大道'],
    hosts: [
      { host: '县图书馆', amenities: ['books', 'wifi', 'toilet', 'meals'], hours: 'library' },
      { host: '户外劳动者服务站', amenities: ['hot_water', 'toilet'], hours: 'always' },
      { host: '职工之家', amenities: ['books', 'legal_advice', 'haircut'], hours: 'community' },
      { host: '加油站', amenities: ['toilet', 'parking', 'hot_water'], hours: 'always' },
      { host: '社区党群服务中心', amenities: ['books', 'toilet', 'legal_advice'], hours: 'community' },
    ],
    // 六有: water, microwave, Wi-Fi, books and papers, first-aid kit, a seat.
    baseAmenities: ['drinking_water', 'microwave', 'wifi', 'books', 'first_aid', 'rest'],
  },
]

/** 惠济区: 44 station names, including 彩虹站 from the report. */
export const huijiStationLabels = [
  '彩虹', '天河', '月湖', '英才', '清华园', '迎宾', '长兴', '开元', '江山', '文化北路', '刘寨', '老鸦陈',
  '大河', '花园口', '古荥', '新城', '索凌', '香山', '东风', '桂园', '绿源', '王庄', '杜庄', '毛庄',
  '南阳寨', '八里庙', '大河村', '天河湾', '御河', '万达广场', '正弘', '丰乐', '金洼', '苏屯', '双桥', '弓庄',
  '固城', '孙庄', '宋庄', '兴隆铺', '银河', '北三环', '英才街', '江山路',
]

/** 沙湾区: 23 branches of the 1+N network (the hub is added separately). */
export const shawanBranchLabels = [
  '文豪路', '郭沫若故居', '沫若广场', '铜河', '兴沙', '滨河', '银沙', '福禄', '嘉农', '太平', '沙湾正街', '新华',
  '红旗超市', '大众药房', '电信营业厅', '沙湾中学', '体育中心', '农贸市场', '客运站', '沙湾公园', '金沙湾', '绥山', '铜街子',
]

/** 娄葑街道: 25 new-economy sites (delivery, express, live-streaming) serving as warm stations. */
export const loufengSiteLabels = [
  '暖"新"服务中心', '北摆宴街饿了么站', '双湖广场美团站', '万宝广场服务吧', '文萃路顺丰站', '东港中通站', '葑谊美团站', '南施饿了么站',
  '苏安韵达站', '泾园京东站', '金厍圆通站', '娄东申通站', '杨枝塘美团站', '东环路饿了么站', '星港街达达站', '民生路盒马站',
  '翰林邮政站', '直播电商基地', '东湖极兔站', '黄天荡美团站', '葑亭顺丰站', '尹中京东站', '龙潭饿了么站', '湖东闪送站', '江滨菜鸟站',
]

/** 娄葑街道: the 26 community report points (社区党群服务中心), where mobile Party members scan in. */
export const loufengCommunities = [
  '苏安北', '泾园北', '团结', '东港家乐', '群力', '文萃', '葑谊', '南施', '翰林', '金厍', '娄东', '杨枝', '东湖',
  '东振', '莲香', '黄天荡', '苏安新村', '金葑', '江滨', '葑亭', '尹中', '龙潭', '双湖', '湖东', '仁爱', '葑门',
]

/** 宁远县: 11 stations built to the 六有 standard. */
export const ningyuanLabels = [
  '县图书馆爱心驿站', '舜陵户外劳动者服务站', '桃源职工之家', '东溪小哥驿站', '县总工会职工之家', '中石化泠江路加油站驿站',
  '九嶷大道小哥驿站', '文庙社区党群服务中心', '货车司机之家', '解放路小哥驿站', '宁远大道户外劳动者服务站',
]

export const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧']
export const platforms = ['美团骑手', '饿了么骑手', '顺丰小哥', '京东快递员', '中通快递员', '滴滴司机', '货拉拉司机', '闪送员']
