/**
 * Public check of a certificate number: anyone (an employer, a school) types or pastes the number and
 * sees whether this platform issued it, with only what the certificate itself shows and the name
 * masked. Opened from a certificate with `?no=` filled in.
 */
import { Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, ErrorState, Page, Tag } from '../../../shell/components'
import { useAction } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import type { CertificateVerification } from '../../contract'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import { CertRow } from '../../components/CertRow'
import '../../components/volunteers.scss'

export default function VerifyPage() {
  const { params } = useRouter()
  const [no, setNo] = useState(params.no ? decodeURIComponent(params.no) : '')
  const [result, setResult] = useState<CertificateVerification | null>(null)
  const verify = useAction(volunteers.verifyCertificate)
  const tooShort = no.trim().length < 10

  const check = async () => {
    setResult(null)
    const r = await verify.run({ certificateNo: no.trim() })
    if (r) setResult(r)
  }

  return (
    <Page>
      <Card title='证明编号'>
        <Input className='vol-input' value={no} placeholder='如 NX-20250602-7K3M9Q-A4TZ' maxlength={40} onInput={(e) => setNo(e.detail.value)} />
        <Text className='vol-hint'>证明上印有编号，大小写和空格不影响核验。</Text>
        {verify.error ? <ErrorState error={verify.error} onRetry={() => void check()} /> : null}
        <Button block loading={verify.loading} disabled={tooShort} onClick={() => void check()}>
          核验
        </Button>
      </Card>
      {result && result.valid ? (
        <Card title='核验通过'>
          <Tag tone='ok'>本平台出具的有效证明</Tag>
          <CertRow label='证明编号' value={result.certificateNo} />
          <CertRow label='志愿者' value={result.volunteerName} />
          <CertRow label='服务项目' value={result.activityTitle} />
          <CertRow label={result.period ? '服务期间' : '服务日期'} value={result.period ? `${formatDate(result.period.from)} 至 ${formatDate(result.period.to)}（${result.period.activityCount} 次活动）` : formatDate(result.serviceDate)} />
          <CertRow label='服务时长' value={formatHours(result.hours)} />
          <CertRow label='出具单位' value={result.issuerName} />
          <CertRow label='出具日期' value={formatDate(result.issuedAt)} />
        </Card>
      ) : null}
      {result && !result.valid ? (
        <Card title='核验未通过'>
          <View role='alert'>
            <Text className='vol-error'>{result.reason}</Text>
          </View>
        </Card>
      ) : null}
    </Page>
  )
}
