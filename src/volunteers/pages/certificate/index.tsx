/**
 * A service-hour certificate with the fields 《志愿服务记录与证明出具办法》 asks for: volunteer, number,
 * hours, service content, issuing organisation, certificate number and date; free of charge. The
 * number can be checked by anyone (verifyCertificate).
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Card, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import '../../components/volunteers.scss'

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='vol-cert__row'>
      <Text className='vol-cert__label'>{label}</Text>
      <Text className='vol-cert__value'>{value}</Text>
    </View>
  )
}

export default function CertificatePage() {
  const { params } = useRouter()
  const activityId = params.id ?? ''
  const cert = useQuery(volunteers.certificate, { activityId }, { enabled: !!activityId })
  return (
    <Page>
      <QueryView query={cert}>
        {(c) => (
          <Card title='志愿服务时长证明'>
            <Row label='志愿者' value={c.volunteerName} />
            <Row label='志愿者编号' value={c.volunteerNo} />
            <Row label='服务项目' value={c.activityTitle} />
            <Row label='服务内容' value={c.serviceContent} />
            <Row label='服务日期' value={formatDate(c.serviceDate)} />
            <Row label='服务时长' value={formatHours(c.hours)} />
            <Row label='出具单位' value={c.issuerName} />
            <Row label='证明编号' value={c.certificateNo} />
            <Row label='出具日期' value={formatDate(c.issuedAt)} />
            <Text className='vol-hint'>{`${c.freeOfCharge}。可凭证明编号在暖新小程序核验真伪。`}</Text>
            <Text className='vol-link' onClick={() => void Taro.setClipboardData({ data: c.certificateNo })}>
              复制证明编号
            </Text>
          </Card>
        )}
      </QueryView>
    </Page>
  )
}
