/**
 * 党员找组织: a Party member whose registration is approved names the enterprise they work at; the
 * street's staff confirm it on their workbench (组织找党员). Shows where the claim stands, the reason if
 * it was not confirmed, and a name search to claim (again).
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Empty, Page, QueryView } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { district } from '../../service'
import { enterpriseKindLabel, linkStatusLabel } from '../../vocabulary'
import '../../components/district.scss'

function Finder({ onClaimed }: { onClaimed: () => void }) {
  const [q, setQ] = useState('')
  const [search, setSearch] = useState('')
  const found = useQuery(district.findEnterprises, { q: search }, { enabled: search.length > 0 })
  const claim = useAction(district.claimEnterprise)
  return (
    <Card title='登记我所在的企业'>
      <View className='dt-search'>
        <Input className='dt-input' value={q} maxlength={30} placeholder='输入企业或站点名称，如"美团"' aria-label='企业名称' onInput={(e) => setQ(e.detail.value)} onConfirm={() => setSearch(q.trim())} />
        <Button small kind='secondary' onClick={() => setSearch(q.trim())}>
          查找
        </Button>
      </View>
      {search ? (
        <QueryView query={found}>
          {(data) =>
            data.items.length ? (
              <View>
                {data.items.map((e) => (
                  <View key={e.enterpriseId} className='dt-item'>
                    <Text className='dt-item__name'>{e.name}</Text>
                    <Text className='dt-item__meta'>{`${e.streetName} · ${enterpriseKindLabel[e.kind]}`}</Text>
                    <Button small loading={claim.loading} onClick={async () => (await claim.run({ enterpriseId: e.enterpriseId })) && onClaimed()}>
                      我在这家企业
                    </Button>
                  </View>
                ))}
              </View>
            ) : (
              <Empty title='没有找到' text='街道还没有为这家企业建档，可以联系街道党建工作人员登记。' />
            )
          }
        </QueryView>
      ) : null}
      {claim.error ? <Text className='dt-error'>{describeError(claim.error)}</Text> : null}
    </Card>
  )
}

export default function MemberLinkPage() {
  const mine = useQuery(district.myLink, {})
  return (
    <Page>
      <Text className='nx-title'>党员找组织</Text>
      <QueryView query={mine}>
        {(m) =>
          !m.approved ? (
            <Empty title='请先完成党员认证' text='认证通过后，就可以登记你所在的企业，街道会把你纳入企业的党组织。'>
              <Button onClick={() => Taro.navigateTo({ url: '/checkins/pages/party/index' })}>去党员认证</Button>
            </Empty>
          ) : (
            <View>
              {m.link ? (
                <Card title='我的登记'>
                  <View className='nx-row'>
                    <Text className='nx-row__label'>{m.link.enterpriseName}</Text>
                    <Text className='nx-row__value'>{linkStatusLabel[m.link.status]}</Text>
                  </View>
                  {m.link.reason ? <Text className='dt-item__meta'>{`原因：${m.link.reason}`}</Text> : null}
                </Card>
              ) : null}
              {m.link?.status !== 'confirmed' ? <Finder onClaimed={() => void mine.refetch()} /> : null}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
