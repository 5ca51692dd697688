/**
 * 随手拍 tab. Until the reports feature lands it explains what to report and what happens after.
 */
import { Text, View } from '@tarojs/components'
import { Card, Empty, Page, Tag } from '../../shell/components'

const steps = ['拍照上报', '街道受理（立案）', '派给责任部门', '处理完成并拍照', '你来确认并评价']

export default function ReportHome() {
  return (
    <Page>
      <Text className='nx-title'>随手拍</Text>
      <Text className='nx-lead'>看到垃圾外露、乱停乱放、电动车上楼等问题，拍下来交给街道处理。</Text>
      <Card title='上报之后'>
        {steps.map((step, i) => (
          <View key={step} className='nx-row'>
            <Text className='nx-row__label'>{step}</Text>
            <Tag tone={i === 0 ? 'brand' : 'neutral'}>第{i + 1}步</Tag>
          </View>
        ))}
      </Card>
      <Empty mark='+' title='上报功能即将上线' text='你的身份不会公开，问题处理的每一步都会通知你。' />
    </Page>
  )
}
