/** Street staff: their streets' suggestions waiting for an answer (received and evaluating), oldest first. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { saveCsv } from '../../../volunteers/components/save-csv'
import { SuggestionCardView } from '../../components/SuggestionCardView'
import { suggestions } from '../../service'
import '../../../wishes/components/wishes.scss'

export default function SuggestionQueuePage() {
  const query = useQuery(suggestions.queue, { page: { limit: 50 } })
  const exporter = useAction(suggestions.export)
  const exportCsv = async () => {
    const res = await exporter.run({ days: 90 })
    if (!res) return
    try {
      const msg = await saveCsv(res.fileName, res.csv)
      void Taro.showToast({ title: msg || `已导出 ${res.rows} 条`, icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }
  useDidShow(() => void query.refetch())
  usePullDownRefresh(() => {
    void query.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <Text className='nx-title'>待答复的建议</Text>
      <Button kind='secondary' small loading={exporter.loading} onClick={() => void exportCsv()}>
        导出近 90 天建议台账
      </Button>
      {exporter.error ? <Text className='wi-error'>{describeError(exporter.error)}</Text> : null}
      <QueryView query={query}>
        {(d) =>
          d.items.length ? (
            <View>
              <Text className='nx-lead'>共 {d.total} 条，先提出的在前</Text>
              {d.items.map((s) => (
                <SuggestionCardView key={s.id} s={s} />
              ))}
            </View>
          ) : (
            <Empty title='没有待答复的建议' />
          )
        }
      </QueryView>
    </Page>
  )
}
