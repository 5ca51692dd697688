/**
 * Party-member registration: my status; the application form (organisation, contact) when I may apply,
 * the reason when I was turned down; approved members get the report-point flow (scan the point's code) and a way to register their enterprise (district subpackage).
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { setQueryData, useAction, useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { ScanButton } from '../../../stations/components/ScanButton'
import { checkinsService } from '../../../stations/services'
import type { MyPartyStatus } from '../../party'
import '../../../stations/components/stations.scss'

function ApplyForm({ onDone }: { onDone: (s: MyPartyStatus) => void }) {
  const [organisation, setOrganisation] = useState('')
  const [contact, setContact] = useState('')
  const apply = useAction(checkinsService.partyApply)
  return (
    <Card title='申请党员认证'>
      <View className='st-field'>
        <Text className='st-field__label'>所在党组织（全称）</Text>
        <Input className='st-input' value={organisation} maxlength={60} placeholder='如：惠济区新业态党委第三支部' onInput={(e) => setOrganisation(e.detail.value)} />
      </View>
      <View className='st-field'>
        <Text className='st-field__label'>联系电话（仅审核人员可见）</Text>
        <Input className='st-input' type='number' value={contact} maxlength={20} onInput={(e) => setContact(e.detail.value)} />
      </View>
      {apply.error ? <Text className='st-error'>{describeError(apply.error, { organisation: '党组织', contact: '联系电话' })}</Text> : null}
      <Button
        block
        loading={apply.loading}
        onClick={async () => {
          const next = await apply.run({ organisation, contact })
          if (next) onDone(next)
        }}
      >
        提交申请
      </Button>
    </Card>
  )
}

export default function PartyPage() {
  const status = useQuery(checkinsService.partyMyStatus, {})
  const [scanError, setScanError] = useState<string>()
  return (
    <Page>
      <Text className='nx-title'>党员认证</Text>
      <QueryView query={status}>
        {(s) => (
          <View>
            <Card>
              <View className='nx-row'>
                <Text className='nx-row__label'>认证状态</Text>
                <Tag tone={s.status === 'approved' ? 'ok' : s.status === 'rejected' ? 'warn' : 'neutral'}>{s.label}</Tag>
              </View>
              {s.organisation ? <Text className='nx-lead'>{s.organisation}</Text> : null}
              {s.appliedAt ? <Text className='nx-lead'>申请于 {formatDate(s.appliedAt)}</Text> : null}
              {s.status === 'pending' ? <Text className='nx-lead'>街道正在审核，通过后即可到社区报到点扫码报到。</Text> : null}
              {s.reason ? <Text className='st-error'>未通过原因：{s.reason}</Text> : null}
            </Card>
            {s.status === 'approved' ? (
              <Card title='流动党员报到'>
                <Text className='nx-lead'>到社区党群服务中心（报到点），扫描现场张贴的报到二维码即可完成报到。</Text>
                {scanError ? <Text className='st-error'>{scanError}</Text> : null}
                <ScanButton block onMessage={setScanError} />
              </Card>
            ) : null}
            {s.status === 'approved' ? (
              <Card title='党员找组织'>
                <Text className='nx-lead'>登记你所在的企业或站点，街道确认后会把你纳入企业的党组织。</Text>
                <Button block kind='secondary' onClick={() => void Taro.navigateTo({ url: '/district/pages/member/index' })}>
                  登记所在企业
                </Button>
              </Card>
            ) : null}
            {s.canApply ? <ApplyForm onDone={(next) => (setQueryData(checkinsService.partyMyStatus, {}, next), void status.refetch())} /> : null}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
