/**
 * The public suggestion board: the figures the street publishes (received, answered within N days,
 * adopted, solved — computed, never typed; by street, over 30 days, 90 days or a year), then the suggestions with their states and replies, newest or
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
  const [days, setDays] = useState(30)
  const figures = useQuery(suggestions.figures, { days })
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
        <Card title={`近 ${days} 天`}>
          <View className='wi-chips'>
            {[30, 90, 365].map((d) => (
              <Text key={d} className={`wi-chip ${days === d ? 'wi-chip--on' : ''}`} onClick={() => setDays(d)}>
                {d === 365 ? '近一年' : `近 ${d} 天`}
              </Text>
            ))}
          </View>
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
          {(figures.data?.byStreet ?? []).map((st) => (
            <View key={st.id} className='nx-row'>
              <Text className='nx-row__label'>{st.name}</Text>
              <Text className='nx-row__value'>
                收到 {st.figures.received} · 采纳 {st.figures.adopted} · 解决 {st.figures.solved}
              </Text>
            </View>
          ))}
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
