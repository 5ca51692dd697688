/** One labelled line of a volunteer-service certificate (the certificate page and the public verify page). */
import { Text, View } from '@tarojs/components'

export function CertRow({ label, value }: { label: string; value: string }) {
  return (
    <View className='vol-cert__row'>
      <Text className='vol-cert__label'>{label}</Text>
      <Text className='vol-cert__value'>{value}</Text>
    </View>
  )
}
