/**
 * Admin: pending Party-member applications, each with organisation, contact (to call and confirm) and
 * attempt count; approve grants the party_member role (audited on the server); reject needs a reason the
 * applicant will read.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Empty, Page, QueryView } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { checkinsService } from '../../../stations/services'
import type { PartyApplicationView } from '../../contract'
import '../../../stations/components/stations.scss'

function Item({ item, onDone }: { item: PartyApplicationView; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const review = useAction(checkinsService.partyReview)
  const decide = async (decision: 'approve' | 'reject') => {
    const done = await review.run({ applicationId: item.applicationId, decision, reason: reason.trim() || undefined })
    if (done) {
      void Taro.showToast({ title: decision === 'approve' ? '已通过' : '已驳回', icon: 'success' })
      onDone()
    }
  }
  return (
    <Card title={item.nickname || '未命名用户'}>
      <Text className='nx-lead'>{item.organisation}</Text>
      <View className='nx-row'>
        <Text className='nx-row__label'>联系电话</Text>
        <Text className='nx-row__value' onClick={() => void Taro.makePhoneCall({ phoneNumber: item.contact })}>
          {item.contact}
        </Text>
      </View>
      <Text className='nx-lead'>
        申请于 {formatDate(item.appliedAt)} · 第 {item.attempts} 次申请
      </Text>
      <Input className='st-input' value={reason} maxlength={200} placeholder='驳回原因（驳回时必填）' onInput={(e) => setReason(e.detail.value)} />
      {review.error ? <Text className='st-error'>{describeError(review.error, { reason: '驳回原因' })}</Text> : null}
      <View className='st-footer'>
        <Button kind='secondary' small loading={review.loading} onClick={() => void decide('reject')}>
          驳回
        </Button>
        <Button small loading={review.loading} onClick={() => void decide('approve')}>
          通过
        </Button>
      </View>
    </Card>
  )
}

export default function ReviewPage() {
  const query = useQuery(checkinsService.partyApplications, { status: 'pending', page: { limit: 50, offset: 0 } })
  return (
    <Page>
      <Text className='nx-title'>党员认证审核</Text>
      <QueryView query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title='没有待审核的申请' />
          ) : (
            <View>
              {data.items.map((item) => (
                <Item key={item.applicationId} item={item} onDone={() => void query.refetch()} />
              ))}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
