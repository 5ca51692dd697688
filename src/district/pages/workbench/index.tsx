/**
 * District workbench (区/街道工作台): for the streets the caller is granted, the 五个清 ledger with its
 * completeness flags, the dashboard, a link to the 10-minute warm circle, Excel exports of the ledger and
 * the registry, Party-member registrations waiting for confirmation, and the 一企一档 list (search,
 * stale-only, new record). Dense on purpose: staff screen.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { Button, Card, Empty, Page, QueryView, ReasonPrompt, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import type { ExportResult, LedgerView, MemberLinkView } from '../../contract'
import { canShareFile, openExport, shareExport } from '../../files'
import { district } from '../../service'
import { figureKeys, figureLabel, periodFor } from '../../dashboard'
import { DashboardTrends } from '../../components/DashboardTrends'
import { allOrgStatuses, enterpriseKindLabel, orgStatusLabel, STALE_AFTER_DAYS } from '../../vocabulary'
import '../../components/district.scss'

function Figure({ num, label }: { num: number; label: string }) {
  return (
    <View className='dt-figure'>
      <Text className='dt-figure__num'>{num}</Text>
      <Text className='dt-figure__label'>{label}</Text>
    </View>
  )
}

function LedgerCard({ ledger }: { ledger: LedgerView }) {
  const t = ledger.total
  return (
    <View>
      <Card title='五个清'>
        <View className='dt-figures'>
          <Figure num={t.enterprises} label='企业清 · 企业（站点）' />
          <Figure num={t.workers} label='人员清 · 从业人员' />
          <Figure num={t.partyRegistered} label='党员清 · 登记党员' />
          <Figure num={t.partyConfirmed} label='党员清 · 确认党员' />
          <Figure num={t.partyReporting} label='党员清 · 到点报到' />
          <Figure num={t.covered} label='组织清 · 已覆盖企业' />
          <Figure num={t.instructors} label='指导员清 · 党建指导员' />
          <Figure num={t.unionMembers} label='工会会员' />
        </View>
        {allOrgStatuses.map((s) => (
          <View key={s} className='nx-row'>
            <Text className='nx-row__label'>{orgStatusLabel[s]}</Text>
            <Text className='nx-row__value'>{t.organisations[s]} 家</Text>
          </View>
        ))}
      </Card>
      {ledger.rows.length > 1 ? (
        <Card title='分街道'>
          {ledger.rows.map((r) => (
            <View key={r.street} className='nx-row'>
              <Text className='nx-row__label'>{r.streetName}</Text>
              <Text className='nx-row__value'>
                {r.enterprises} 家 · {r.workers} 人 · 党员 {r.partyConfirmed}/{r.partyRegistered}
              </Text>
            </View>
          ))}
        </Card>
      ) : null}
      {t.stale.length || t.membersWithoutOrg.length ? (
        <Card title='待完善'>
          {t.stale.length ? <Text className='dt-flag'>{`${t.stale.length} 家超过 ${STALE_AFTER_DAYS} 天未核实：${t.stale.slice(0, 5).map((f) => f.name).join('、')}${t.stale.length > 5 ? ' 等' : ''}`}</Text> : null}
          {t.membersWithoutOrg.length ? <Text className='dt-flag'>{`${t.membersWithoutOrg.length} 家有党员但尚未覆盖：${t.membersWithoutOrg.slice(0, 5).map((f) => f.name).join('、')}`}</Text> : null}
        </Card>
      ) : null}
    </View>
  )
}

type PeriodKey = 'week' | 'month' | 'last_month'
const periodLabel: Record<PeriodKey, string> = { week: '近 7 天', month: '近 30 天', last_month: '上个月' }

const periodChoice: Record<PeriodKey, { lastDays: number } | 'last_month'> = { week: { lastDays: 7 }, month: { lastDays: 30 }, last_month: 'last_month' }
const periodOf = (key: PeriodKey) => periodFor(periodChoice[key], new Date())

function Dashboard({ street, version }: { street?: string; version: number }) {
  const [key, setKey] = useState<PeriodKey>('week')
  const query = useQuery(district.dashboard, { street, ...periodOf(key) })
  const { refetch } = query
  useEffect(() => {
    if (version > 1) void refetch()
  }, [version, refetch])
  return (
    <Card title='数据看板'>
      <View className='dt-chips'>
        {(Object.keys(periodLabel) as PeriodKey[]).map((k) => (
          <Text key={k} className={`dt-chip ${key === k ? 'dt-chip--on' : ''}`} onClick={() => setKey(k)}>
            {periodLabel[k]}
          </Text>
        ))}
      </View>
      <QueryView query={query}>
        {(d) => (
          <View>
            <Text className='dt-item__meta'>{`${d.from} 至 ${d.to}，与前一时段（${d.previousFrom} 至 ${d.previousTo}）相比`}</Text>
            {figureKeys.map((k) => {
              const delta = d.current[k] - d.previous[k]
              return (
                <View key={k} className='nx-row'>
                  <Text className='nx-row__label'>{figureLabel[k]}</Text>
                  <Text className='nx-row__value'>{`${d.current[k]}（${delta > 0 ? '+' : ''}${delta}）`}</Text>
                </View>
              )
            })}
            <DashboardTrends days={d.days} />
          </View>
        )}
      </QueryView>
    </Card>
  )
}

function Exports({ street }: { street?: string }) {
  const ledger = useAction(district.exportLedger)
  const registry = useAction(district.exportRegistry)
  const [made, setMade] = useState<ExportResult>()
  const [openError, setOpenError] = useState<string>()
  const run = async (which: typeof ledger) => {
    setOpenError(undefined)
    const res = await which.run({ street })
    if (res) setMade(res)
  }
  const open = async (how: (r: ExportResult) => Promise<void>) => {
    if (!made) return
    try {
      await how(made)
    } catch {
      setOpenError('文件打开失败，请重新导出后再试')
    }
  }
  const error = ledger.error ?? registry.error
  return (
    <Card title='导出 Excel'>
      <View className='dt-actions'>
        <Button kind='secondary' loading={ledger.loading} onClick={() => run(ledger)}>
          导出五个清台账
        </Button>
        <Button kind='secondary' loading={registry.loading} onClick={() => run(registry)}>
          导出一企一档
        </Button>
      </View>
      {made ? (
        <View>
          <Text className='dt-ok'>{`已生成 ${made.fileName}（${made.rows} 行）`}</Text>
          <View className='dt-actions'>
            <Button onClick={() => open(openExport)}>打开文件</Button>
            {canShareFile ? (
              <Button kind='secondary' onClick={() => open(shareExport)}>
                发送到聊天
              </Button>
            ) : null}
          </View>
        </View>
      ) : null}
      {error ? <Text className='dt-error'>{describeError(error)}</Text> : null}
      {openError ? <Text className='dt-error'>{openError}</Text> : null}
    </Card>
  )
}

function PendingLinks({ street, canEdit, onDecided }: { street?: string; canEdit: boolean; onDecided: () => void }) {
  const query = useQuery(district.pendingLinks, { street, page: { limit: 20 } })
  const decide = useAction(district.decideLink)
  const [rejecting, setRejecting] = useState<string>()
  const act = async (link: MemberLinkView, decision: 'confirm' | 'reject', reason?: string) => {
    const done = await decide.run({ userId: link.userId, decision, reason })
    if (done) {
      setRejecting(undefined)
      query.refetch()
      onDecided()
    }
  }
  return (
    <QueryView query={query}>
      {(data) =>
        data.items.length ? (
          <Card title={`党员登记待确认（${data.items.length}${data.hasMore ? '+' : ''}）`}>
            {data.items.map((l) => (
              <View key={l.userId} className='dt-item'>
                <Text className='dt-item__name'>{`${l.nickname} → ${l.enterpriseName}`}</Text>
                <Text className='dt-item__meta'>{`所在党组织：${l.organisation || '未填写'}`}</Text>
                {canEdit ? (
                  rejecting === l.userId ? (
                    <ReasonPrompt prompt='不予确认后，党员会看到原因。' danger loading={decide.loading} error={decide.error ? describeError(decide.error) : undefined} onCancel={() => setRejecting(undefined)} onConfirm={(r) => act(l, 'reject', r)} />
                  ) : (
                    <View className='dt-actions'>
                      <Button small loading={decide.loading} onClick={() => act(l, 'confirm')}>
                        确认是本企业党员
                      </Button>
                      <Button small kind='secondary' onClick={() => setRejecting(l.userId)}>
                        不予确认
                      </Button>
                    </View>
                  )
                ) : null}
              </View>
            ))}
            {decide.error && !rejecting ? <Text className='dt-error'>{describeError(decide.error)}</Text> : null}
          </Card>
        ) : null
      }
    </QueryView>
  )
}

function Registry({ street, canEdit, version }: { street?: string; canEdit: boolean; version: number }) {
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const [staleOnly, setStaleOnly] = useState(false)
  const query = useQuery(district.listEnterprises, { street, q: search || undefined, staleOnly: staleOnly || undefined, page: { limit: 50 } })
  const { refetch } = query
  useEffect(() => {
    if (version > 1) void refetch()
  }, [version, refetch])
  const open = (id: string) => Taro.navigateTo({ url: `/district/pages/enterprise/index?id=${encodeURIComponent(id)}` })
  return (
    <Card title='一企一档'>
      <View className='dt-search'>
        <Input className='dt-input' value={q} maxlength={30} placeholder='按企业名称查找' aria-label='按企业名称查找' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setSearch(q.trim())} />
        <Button small kind='secondary' onClick={() => setSearch(q.trim())}>
          查找
        </Button>
      </View>
      <View className='dt-chips'>
        <Text className={`dt-chip ${!staleOnly ? 'dt-chip--on' : ''}`} onClick={() => setStaleOnly(false)}>
          全部
        </Text>
        <Text className={`dt-chip ${staleOnly ? 'dt-chip--on' : ''}`} onClick={() => setStaleOnly(true)}>
          {`超过 ${STALE_AFTER_DAYS} 天未核实`}
        </Text>
      </View>
      {canEdit ? (
        <Button block kind='secondary' onClick={() => Taro.navigateTo({ url: `/district/pages/enterprise/index${street ? `?street=${encodeURIComponent(street)}` : ''}` })}>
          新建企业档案
        </Button>
      ) : null}
      <QueryView query={query}>
        {(data) =>
          data.items.length ? (
            <View>
              <Text className='dt-item__meta'>{`共 ${data.total} 家`}</Text>
              {data.items.map((e) => (
                <View key={e.enterpriseId} className='dt-item' onClick={() => open(e.enterpriseId)}>
                  <Text className='dt-item__name'>{e.name}</Text>
                  <Text className='dt-item__meta'>{`${e.streetName} · ${enterpriseKindLabel[e.kind]} · ${e.workers} 人 · 党员 ${e.partyMembersConfirmed} · ${orgStatusLabel[e.orgStatus]}${e.instructor ? ` · 指导员 ${e.instructor}` : ''}`}</Text>
                  {e.stale ? <Tag tone='warn'>{`超过 ${STALE_AFTER_DAYS} 天未核实`}</Tag> : null}
                </View>
              ))}
            </View>
          ) : (
            <Empty title={search || staleOnly ? '没有符合条件的企业' : '还没有企业档案'} text={canEdit ? '点"新建企业档案"登记辖区里的平台站点、快递网点和车队。' : undefined} />
          )
        }
      </QueryView>
    </Card>
  )
}

export default function DistrictWorkbenchPage() {
  const scope = useQuery(district.myScope, {})
  const [street, setStreet] = useState<string>()
  // Bumped when the page shows again (after an edit) or a link is decided: the figures and list re-read.
  const [version, setVersion] = useState(0)
  useDidShow(() => setVersion((v) => v + 1))
  const ledger = useQuery(district.ledger, { street })
  const refetchLedger = ledger.refetch
  useEffect(() => {
    // The first show is the mount itself, which already reads.
    if (version > 1) void refetchLedger()
  }, [version, refetchLedger])
  return (
    <Page>
      <Text className='nx-title'>区/街道工作台</Text>
      <QueryView query={scope}>
        {(s) =>
          s.streets.length ? (
            <View>
              {s.streets.length > 1 ? (
                <View className='dt-chips'>
                  <Text className={`dt-chip ${!street ? 'dt-chip--on' : ''}`} onClick={() => setStreet(undefined)}>
                    全部街道
                  </Text>
                  {s.streets.map((x) => (
                    <Text key={x.street} className={`dt-chip ${street === x.street ? 'dt-chip--on' : ''}`} onClick={() => setStreet(x.street)}>
                      {x.streetName}
                    </Text>
                  ))}
                </View>
              ) : (
                <Text className='dt-item__meta'>{`${s.streets[0].district} · ${s.streets[0].streetName}`}</Text>
              )}
              <QueryView query={ledger}>{(l) => <LedgerCard ledger={l} />}</QueryView>
              <Dashboard street={street} version={version} />
              <Card title='十分钟暖新服务圈'>
                <Text className='dt-item__meta'>哪些骑手常去的地方步行 10 分钟内没有开放驿站：覆盖率、缺口排名和建议点位。</Text>
                <Button block kind='secondary' onClick={() => Taro.navigateTo({ url: `/district/pages/coverage/index${street ? `?street=${encodeURIComponent(street)}` : ''}` })}>
                  查看覆盖缺口
                </Button>
              </Card>
              <Exports street={street} />
              <PendingLinks street={street} canEdit={s.canEdit} onDecided={() => setVersion((v) => v + 1)} />
              <Registry street={street} canEdit={s.canEdit} version={version} />
            </View>
          ) : (
            <Empty title='还没有负责的街道' text='请联系管理员在"角色授权"里为你授予街道范围。' />
          )
        }
      </QueryView>
    </Page>
  )
}
