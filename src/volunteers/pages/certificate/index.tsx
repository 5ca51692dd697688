/**
 * A service-hour certificate with the fields 《志愿服务记录与证明出具办法》 asks for: volunteer, number,
 * hours, service content, issuing organisation, certificate number and date; free of charge. Two
 * modes: one activity (`?id=`), or a period (`?from=&to=`, with 今年 / 去年 to switch) summing every
 * attended activity in it. Anyone can check the number on the verify page.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { chinaDateKey } from '../../../core/time'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import { CertRow } from '../../components/CertRow'
import '../../components/volunteers.scss'

function Footer({ no, free }: { no: string; free: string }) {
  return (
    <View>
      <Text className='vol-hint'>{`${free}。可凭证明编号在暖新小程序核验真伪。`}</Text>
      <Text className='vol-link' onClick={() => void Taro.setClipboardData({ data: no })}>
        复制证明编号
      </Text>
      <Text className='vol-link' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/verify/index?no=${encodeURIComponent(no)}` })}>
        核验证明编号
      </Text>
    </View>
  )
}

/** This year so far, or last year, as China dates. */
export function yearRange(which: 'this' | 'last', now = new Date()): { from: string; to: string } {
  const today = chinaDateKey(now)
  const year = Number(today.slice(0, 4))
  return which === 'this' ? { from: `${year}-01-01`, to: today } : { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
}

function ActivityCertificate({ activityId }: { activityId: string }) {
  const cert = useQuery(volunteers.certificate, { activityId }, { enabled: !!activityId })
  return (
    <QueryView query={cert}>
      {(c) => (
        <Card title='志愿服务时长证明'>
          <CertRow label='志愿者' value={c.volunteerName} />
          <CertRow label='志愿者编号' value={c.volunteerNo} />
          <CertRow label='服务项目' value={c.activityTitle} />
          <CertRow label='服务内容' value={c.serviceContent} />
          <CertRow label='服务日期' value={formatDate(c.serviceDate)} />
          <CertRow label='服务时长' value={formatHours(c.hours)} />
          <CertRow label='出具单位' value={c.issuerName} />
          <CertRow label='证明编号' value={c.certificateNo} />
          <CertRow label='出具日期' value={formatDate(c.issuedAt)} />
          <Footer no={c.certificateNo} free={c.freeOfCharge} />
        </Card>
      )}
    </QueryView>
  )
}

function PeriodCertificate({ initial }: { initial: { from: string; to: string } }) {
  const [range, setRange] = useState(initial)
  const cert = useQuery(volunteers.periodCertificate, range)
  return (
    <View>
      <View className='nx-row'>
        <Button small kind={range.from === yearRange('this').from ? 'primary' : 'secondary'} onClick={() => setRange(yearRange('this'))}>
          今年
        </Button>
        <Button small kind={range.from === yearRange('last').from ? 'primary' : 'secondary'} onClick={() => setRange(yearRange('last'))}>
          去年
        </Button>
      </View>
      <QueryView query={cert}>
        {(c) => (
          <Card title='志愿服务时长证明（期间汇总）'>
            <CertRow label='志愿者' value={c.volunteerName} />
            <CertRow label='志愿者编号' value={c.volunteerNo} />
            <CertRow label='服务期间' value={`${formatDate(c.from)} 至 ${formatDate(c.to)}`} />
            <CertRow label='服务内容' value={c.serviceContent} />
            <CertRow label='累计时长' value={formatHours(c.hours)} />
            <CertRow label='出具单位' value={c.issuerName} />
            <CertRow label='证明编号' value={c.certificateNo} />
            <CertRow label='出具日期' value={formatDate(c.issuedAt)} />
            <View className='vol-cert__items'>
              {c.items.map((i, n) => (
                <Text key={n} className='vol-hint'>{`${formatDate(i.serviceDate)} ${i.title} · ${formatHours(i.hours)} · ${i.issuerName}`}</Text>
              ))}
            </View>
            <Footer no={c.certificateNo} free={c.freeOfCharge} />
          </Card>
        )}
      </QueryView>
    </View>
  )
}

export default function CertificatePage() {
  const { params } = useRouter()
  const periodMode = !params.id && (params.from || params.to || params.period)
  return <Page>{periodMode ? <PeriodCertificate initial={params.from && params.to ? { from: params.from, to: params.to } : yearRange(params.period === 'last' ? 'last' : 'this')} /> : <ActivityCertificate activityId={params.id ?? ''} />}</Page>
}
