/**
 * 驿站 tab, the home page. Staff open on their workbench (what waits for them, with the tab badge) above
 * the finder; riders see the finder alone: the nearest stations to the rider, nearest first, with distance, walking and
 * riding time, amenity filters and 开放中, on a native map in the mini-program and a plain offline plot on
 * H5. Location goes through the shell (privacy consent first); when it is refused the rider can pick a
 * district or search by name instead. The primary actions (scan a station's code, locate) sit at the bottom.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useState, type ComponentType } from 'react'
import { AppError } from '../../core/errors'
import type { LngLat } from '../../core/geo'
import type { Role } from '../../core/roles'
import { Button, Card, Empty, ErrorState, LoadMore, Page, QueryView } from '../../shell/components'
import { useLoadMore, useQuery } from '../../shell/hooks'
import { locate, type Position } from '../../shell/location'
import { StationCard } from '../../stations/components/StationCard'
import { ScanButton } from '../../stations/components/ScanButton'
import type { StationPage, StationSummary } from '../../stations/contract'
import { stationsService } from '../../stations/services'
import { amenityLabel, type Amenity } from '../../stations/vocabulary'
import { Workbench } from '../../users/components/Workbench'
import { users } from '../../users/service'
import './index.scss'

// Each target gets only its own map: the native <Map> in the mini-program, an SVG plot on H5.
const WeappMap: ComponentType<Record<string, unknown>> | null =
  process.env.TARO_ENV === 'weapp' ? ((require('@tarojs/components') as { Map: ComponentType<Record<string, unknown>> }).Map) : null
const NearbyPlot: ComponentType<{ me: LngLat; stations: StationSummary[]; onOpen: (s: StationSummary) => void }> | null =
  process.env.TARO_ENV === 'h5' ? (require('../../stations/components/NearbyPlot') as typeof import('../../stations/components/NearbyPlot')).NearbyPlot : null

/** The needs riders ask for most come first; the rest follow in the closed list's order. */
const FILTERS: Amenity[] = ['battery_swap', 'ebike_charging', 'phone_charging', 'drinking_water', 'hot_water', 'microwave', 'toilet', 'rest', 'air_conditioning', 'meals', 'wifi', 'first_aid', 'books', 'haircut', 'legal_advice', 'parking']
const PAGE = 20

const openDetail = (s: StationSummary) => void Taro.navigateTo({ url: `/stations/pages/detail/index?id=${encodeURIComponent(s.stationId)}` })
const go = (url: string) => () => void Taro.navigateTo({ url })

function Chips({ amenities, openNow, onAmenity, onOpenNow }: { amenities: Amenity[]; openNow: boolean; onAmenity: (a: Amenity) => void; onOpenNow: () => void }) {
  return (
    <View className='st-chips'>
      <Text className={`st-chip ${openNow ? 'st-chip--on' : ''}`} onClick={onOpenNow}>
        开放中
      </Text>
      {FILTERS.map((a) => {
        const on = amenities.includes(a)
        return (
          <Text key={a} className={`st-chip ${on ? 'st-chip--on' : ''}`} onClick={() => onAmenity(a)}>
            {amenityLabel[a]}
          </Text>
        )
      })}
    </View>
  )
}

/** First page through useQuery (skeleton, cache, offline), further pages appended on 加载更多. */
function StationList({ query, fetchMore, emptyText }: { query: ReturnType<typeof useQuery<unknown, StationPage>>; fetchMore: (offset: number) => Promise<StationPage>; emptyText: string }) {
  const list = useLoadMore(query.data, (shown) => fetchMore(shown.length))
  return (
    <QueryView query={query}>
      {(data) =>
        data.items.length === 0 ? (
          <Empty title='附近没有符合条件的驿站' text={emptyText} />
        ) : (
          <View className='st-list'>
            {list.items.map((s) => (
              <StationCard key={s.stationId} station={s} onOpen={openDetail} />
            ))}
            <LoadMore list={list} />
          </View>
        )
      }
    </QueryView>
  )
}

function NearbyResults({ position, amenities, openNow }: { position: Position; amenities: Amenity[]; openNow: boolean }) {
  const location = useMemo(() => ({ lng: position.lng, lat: position.lat }), [position])
  const payload = useMemo(() => ({ location, radiusM: undefined, type: undefined, amenities, openNow, page: { limit: PAGE, offset: 0 } }), [location, amenities, openNow])
  const query = useQuery(stationsService.nearby, payload)
  const items = query.data?.items ?? []
  return (
    <View>
      {WeappMap && items.length ? (
        <WeappMap
          className='st-map'
          longitude={location.lng}
          latitude={location.lat}
          scale={14}
          showLocation
          markers={items.map((s, i) => ({ id: i, longitude: s.location.lng, latitude: s.location.lat, title: s.name, width: 30, height: 30, callout: { content: s.name, display: 'BYCLICK' } }))}
          onMarkerTap={(e: { detail: { markerId: number } }) => items[e.detail.markerId] && openDetail(items[e.detail.markerId])}
        />
      ) : null}
      {NearbyPlot && items.length ? <NearbyPlot me={location} stations={items} onOpen={openDetail} /> : null}
      <StationList
        query={query as never}
        fetchMore={(offset) => stationsService.nearby({ ...payload, page: { limit: PAGE, offset } })}
        emptyText={openNow || amenities.length ? '换个筛选条件试试，或取消“开放中”' : '5 公里内还没有驿站，可以按区县查找'}
      />
    </View>
  )
}

function SearchResults({ q, district, amenities, openNow }: { q?: string; district?: string; amenities: Amenity[]; openNow: boolean }) {
  const payload = useMemo(() => ({ q, district, street: undefined, type: undefined, amenities, openNow, page: { limit: PAGE, offset: 0 } }), [q, district, amenities, openNow])
  const query = useQuery(stationsService.search, payload)
  return <StationList query={query as never} fetchMore={(offset) => stationsService.search({ ...payload, page: { limit: PAGE, offset } })} emptyText='换个名称或区县试试' />
}

/** The no-location path: search by name, or pick a district. */
function Browse({ onPick }: { onPick: (criteria: { q?: string; district?: string }) => void }) {
  const [q, setQ] = useState('')
  const districts = useQuery(stationsService.districts, {})
  return (
    <Card title='不用定位，按名称或区县找'>
      <View className='st-search'>
        <Input className='st-search__input' value={q} placeholder='输入驿站名称，如“铜心”' maxlength={30} onInput={(e) => setQ(e.detail.value)} confirmType='search' onConfirm={() => q.trim() && onPick({ q: q.trim() })} />
        <Button small onClick={() => q.trim() && onPick({ q: q.trim() })}>
          搜索
        </Button>
      </View>
      <QueryView query={districts} skeletonRows={1}>
        {(data) => (
          <View className='st-chips st-chips--wrap'>
            {data.items.map((d) => (
              <Text key={d.district} className='st-chip' onClick={() => onPick({ district: d.district })}>
                {d.district}（{d.stationCount}）
              </Text>
            ))}
          </View>
        )}
      </QueryView>
    </Card>
  )
}

function Shortcuts({ roles }: { roles: readonly Role[] }) {
  const isAdmin = roles.includes('admin')
  return (
    <View className='st-links'>
      <Text className='st-link' onClick={go('/checkins/pages/history/index')}>
        我的报到记录
      </Text>
      <Text className='st-link' onClick={go('/checkins/pages/party/index')}>
        {roles.includes('party_member') ? '党员报到' : '党员认证'}
      </Text>
      {roles.includes('station_manager') || isAdmin ? (
        <Text className='st-link' onClick={go('/stations/pages/manage/index')}>
          {isAdmin ? '站点管理' : '我管理的驿站'}
        </Text>
      ) : null}
      {isAdmin ? (
        <Text className='st-link' onClick={go('/checkins/pages/review/index')}>
          党员审核
        </Text>
      ) : null}
      {isAdmin ? (
        <Text className='st-link' onClick={go('/checkins/pages/figures/index')}>
          到访统计
        </Text>
      ) : null}
    </View>
  )
}

export default function StationsHome() {
  const [position, setPosition] = useState<Position>()
  const [locError, setLocError] = useState<AppError>()
  const [busy, setBusy] = useState(false)
  const [amenities, setAmenities] = useState<Amenity[]>([])
  const [openNow, setOpenNow] = useState(false)
  const [criteria, setCriteria] = useState<{ q?: string; district?: string }>()
  const [scanError, setScanError] = useState<string>()
  const me = useQuery(users.me, {})
  const roles = me.data?.roles ?? []

  const findMe = async () => {
    setBusy(true)
    setLocError(undefined)
    try {
      setPosition(await locate())
      setCriteria(undefined)
    } catch (e) {
      setLocError(e instanceof AppError ? e : new AppError('INTERNAL'))
    } finally {
      setBusy(false)
    }
  }

  const toggle = (a: Amenity) => setAmenities((list) => (list.includes(a) ? list.filter((x) => x !== a) : [...list, a]))

  return (
    <Page
      footer={
        <View className='st-footer'>
          <ScanButton kind='secondary' className='st-scan' onMessage={setScanError} />
          <Button loading={busy} onClick={findMe} className='nx-locate'>
            {position ? '重新定位' : '用我的位置找驿站'}
          </Button>
        </View>
      }
    >
      <Workbench roles={roles} />
      <Text className='nx-title'>附近驿站</Text>
      <Shortcuts roles={roles} />
      {scanError ? <Text className='st-error'>{scanError}</Text> : null}
      <Chips amenities={amenities} openNow={openNow} onAmenity={toggle} onOpenNow={() => setOpenNow((v) => !v)} />
      {position && !criteria ? (
        <View>
          <View className='stations-accuracy'>
            <Text className='stations-accuracy__label'>已获取你的位置</Text>
            <Text className='stations-accuracy__num'>{position.accuracy}</Text>
            <Text className='stations-accuracy__unit'>米精度</Text>
          </View>
          <NearbyResults position={position} amenities={amenities} openNow={openNow} />
        </View>
      ) : null}
      {!position && !criteria ? <Text className='nx-lead'>找最近的开放驿站：喝水、热饭、充电、换电、歇脚。点下方按钮用你的位置查找。</Text> : null}
      {locError ? <ErrorState error={locError} title='没能获取位置' /> : null}
      {criteria ? (
        <View>
          <View className='st-links'>
            <Text className='nx-lead'>{criteria.q ? `名称含“${criteria.q}”` : criteria.district}</Text>
            <Text className='st-link' onClick={() => setCriteria(undefined)}>
              返回
            </Text>
          </View>
          <SearchResults q={criteria.q} district={criteria.district} amenities={amenities} openNow={openNow} />
        </View>
      ) : null}
      {!position || locError ? <Browse onPick={setCriteria} /> : null}
    </Page>
  )
}
