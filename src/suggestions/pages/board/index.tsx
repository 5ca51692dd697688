/**
 * The public suggestion board: the figures the street publishes (received, answered within N days,
 * adopted, solved — computed, never typed), then the suggestions with their states and replies, newest or
 * most +1'd first, by state.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { SuggestionCardView } from '../../components/SuggestionCardView'
import { suggestions } from '../../service'
import { allSuggestionStates, suggestionStateLabel, type SuggestionState } from '../../vocabulary'
import '../../../wishes/components/wishes.scss'

export default function BoardPage() {
  const [state, setState] = useState<SuggestionState | undefined>()
  const [sort, setSort] = useState<'newest' | 'supported'>('newest')
  const figures = useQuery(suggestions.figures, { days: 30 })
  const board = useQuery(suggestions.board, { state, sort, page: { limit: 30 } })
  useDidShow(() => void board.refetch())
  usePullDownRefresh(() => {
    void Promise.all([board.refetch(), figures.refetch()]).finally(() => Taro.stopPullDownRefresh())
  })
  const t = figures.data?.total
  return (
    <Page
      footer={
        <Button block onClick={() => void Taro.navigateTo({ url: '/suggestions/pages/new/index' })}>
          提个建议
        </Button>
      }
    >
      {t ? (
        <Card title='近 30 天'>
          <View className='wi-figures'>
            {[
              ['收到建议', t.received],
              [`${figures.data?.answerDays ?? 7} 天内答复`, t.answeredWithinDays],
              ['已采纳', t.adopted],
              ['已解决', t.solved],
              ['暂不采纳', t.notAdopted],
              ['已答复', t.answered],
            ].map(([label, n]) => (
              <View key={String(label)} className='wi-figure'>
                <Text className='wi-big'>{n}</Text>
                <Text className='wi-figure__label'>{label}</Text>
              </View>
            ))}
          </View>
        </Card>
      ) : null}
      <View className='wi-chips'>
        <Text className={`wi-chip ${sort === 'newest' ? 'wi-chip--on' : ''}`} onClick={() => setSort('newest')}>
          最新
        </Text>
        <Text className={`wi-chip ${sort === 'supported' ? 'wi-chip--on' : ''}`} onClick={() => setSort('supported')}>
          +1 最多
        </Text>
      </View>
      <View className='wi-chips'>
        <Text className={`wi-chip ${!state ? 'wi-chip--on' : ''}`} onClick={() => setState(undefined)}>
          全部
        </Text>
        {allSuggestionStates.map((s) => (
          <Text key={s} className={`wi-chip ${state === s ? 'wi-chip--on' : ''}`} onClick={() => setState(s)}>
            {suggestionStateLabel[s]}
          </Text>
        ))}
      </View>
      <QueryView query={board}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((s) => (
                <SuggestionCardView key={s.id} s={s} />
              ))}
            </View>
          ) : (
            <Empty title='暂时没有建议' />
          )
        }
      </QueryView>
    </Page>
  )
}
