/**
 * 角色授权 (admin): find a user by nickname or id, see their roles with scopes, grant a role with its
 * scopes and a reason, revoke one (a secondary button that asks for a reason and a second tap), and read
 * the user's audit trail of grants and revocations. Every change goes through users.grantRole /
 * users.revokeRole, which check the admin role and write the audit entry in the same transaction.
 */
import { Input, Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { grantableRoles, roleLabel, roleScopeKinds, type Role, type ScopeKind } from '../../../core/roles'
import { Button, Empty, LoadMore, Page, QueryView, ReasonPrompt } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useLoadMore, useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import type { AuditView, RoleGrant, UserSummary } from '../../contract'
import { users } from '../../service'
import './index.scss'

type Grantable = (typeof grantableRoles)[number]

const scopeKindLabel: Record<ScopeKind, string> = { station: '驿站', grid: '网格', team: '志愿队', department: '部门', street: '街道', enterprise: '企业' }
const auditLabel: Record<string, string> = { 'role.grant': '授予角色', 'role.revoke': '撤销角色' }
const fieldLabels = { reason: '理由', scopes: '负责范围', 'scopes[0].id': '负责范围', 'scopes[0].kind': '范围类型', userId: '用户' }

function scopesText(grant: RoleGrant): string {
  if (grant.scopes.length === 0) return '全局，无需范围'
  return grant.scopes.map((sc) => `${scopeKindLabel[sc.kind]} ${sc.name ?? sc.id}`).join('、')
}

function auditText(entry: AuditView): string {
  const g = (entry.after ?? entry.before) as RoleGrant | null
  const role = g?.role ? roleLabel[g.role] : ''
  return `${auditLabel[entry.action] ?? entry.action}${role ? `：${role}` : ''}`
}

const PAGE = 20

export default function GrantsPage() {
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const payload = useMemo(() => (q ? { q, page: { limit: PAGE } } : { page: { limit: PAGE } }), [q])
  const found = useQuery(users.listUsers, payload)
  // One object per answer: useLoadMore starts over whenever its first page changes identity.
  const first = useMemo(() => (found.data ? { items: found.data.items, hasMore: found.data.total > found.data.items.length } : undefined), [found.data])
  const list = useLoadMore(first, async (shown) => {
    const next = await users.listUsers({ ...(q ? { q } : {}), page: { limit: PAGE, offset: shown.length } })
    return { items: next.items, hasMore: next.offset + next.items.length < next.total }
  })
  const [picked, setPicked] = useState<UserSummary>()
  return (
    <Page>
      <Text className='nx-title'>角色授权</Text>
      <View className='gr-search'>
        <Input className='gr-input' value={draft} placeholder='输入昵称或用户编号' maxlength={64} confirmType='search' aria-label='昵称或用户编号' onInput={(e) => setDraft(e.detail.value)} onConfirm={() => setQ(draft.trim())} />
        <Button kind='secondary' onClick={() => setQ(draft.trim())}>
          查找
        </Button>
      </View>
      {picked ? (
        <UserGrants user={picked} onBack={() => setPicked(undefined)} onChanged={(grants) => setPicked({ ...picked, grants, roles: ['worker', ...grants.map((g) => g.role)] })} />
      ) : (
        <QueryView query={found}>
          {() =>
            list.items.length === 0 ? (
              <Empty title={q ? `没有昵称包含“${q}”的用户` : '还没有用户'} text='换个关键词试试' />
            ) : (
              <View>
                {list.items.map((u) => (
                  <View key={u.userId} className='gr-row' onClick={() => setPicked(u)} aria-label={`查看 ${u.nickname} 的角色`}>
                    <View>
                      <Text className='gr-row__name'>{u.nickname}</Text>
                      <Text className='gr-row__sub'>{u.roles.map((r) => roleLabel[r]).join('、')}</Text>
                    </View>
                  </View>
                ))}
                <LoadMore list={list} />
              </View>
            )
          }
        </QueryView>
      )}
    </Page>
  )
}

function UserGrants({ user, onBack, onChanged }: { user: UserSummary; onBack: () => void; onChanged: (grants: RoleGrant[]) => void }) {
  const audit = useQuery(users.auditLog, { targetKind: 'user', targetId: user.userId, page: { limit: PAGE } })
  const auditList = useLoadMore(audit.data, (shown) => users.auditLog({ targetKind: 'user', targetId: user.userId, page: { limit: PAGE, offset: shown.length } }))
  const revoke = useAction(users.revokeRole)
  const [revoking, setRevoking] = useState<Role>()
  const [done, setDone] = useState('')

  const confirmRevoke = async (role: Grantable, reason: string) => {
    const res = await revoke.run({ userId: user.userId, role, reason })
    if (res) {
      setRevoking(undefined)
      setDone(`已撤销${roleLabel[role]}`)
      onChanged(res.grants)
      void audit.refetch()
    }
  }

  return (
    <View>
      <View className='gr-row gr-row--on'>
        <View>
          <Text className='gr-row__name'>{user.nickname}</Text>
          <Text className='gr-row__sub'>用户编号 {user.userId}</Text>
        </View>
        <Button kind='plain' onClick={onBack}>
          换一个人
        </Button>
      </View>
      {done ? <Text className='gr-ok'>{done}</Text> : null}

      <Text className='gr-section'>现有角色</Text>
      {user.grants.length === 0 ? <Text className='nx-lead'>只有骑手/快递员身份，还没有授予其他角色</Text> : null}
      {user.grants.map((g) => (
        <View key={g.role} className='gr-grant'>
          <View className='gr-grant__head'>
            <Text className='gr-grant__role'>{roleLabel[g.role]}</Text>
            {revoking === g.role ? null : (
              <Button kind='secondary' className='gr-danger' onClick={() => { setRevoking(g.role); revoke.reset() }}>
                撤销
              </Button>
            )}
          </View>
          <Text className='gr-grant__scopes'>{scopesText(g)}</Text>
          {revoking === g.role ? (
            <ReasonPrompt
              danger
              prompt={`撤销后 ${user.nickname} 立即失去“${roleLabel[g.role]}”的权限。`}
              placeholder='如：调岗、离职'
              label='撤销理由'
              confirmText='确认撤销'
              cancelText='不撤销'
              loading={revoke.loading}
              error={revoke.error ? describeError(revoke.error, fieldLabels) : undefined}
              onCancel={() => setRevoking(undefined)}
              onConfirm={(reason) => void confirmRevoke(g.role as Grantable, reason)}
            />
          ) : null}
        </View>
      ))}

      <GrantForm
        user={user}
        onGranted={(grants, role) => {
          setDone(`已授予${roleLabel[role]}`)
          onChanged(grants)
          void audit.refetch()
        }}
      />

      <Text className='gr-section'>授权记录</Text>
      <QueryView query={audit} skeletonRows={2}>
        {() =>
          auditList.items.length === 0 ? (
            <Text className='nx-lead'>还没有授权记录</Text>
          ) : (
            <View>
              {auditList.items.map((e) => (
                <View key={e.id} className='gr-audit'>
                  <Text className='gr-audit__title'>{auditText(e)}</Text>
                  <Text className='gr-audit__text'>{`${formatMoment(e.at)} · 操作人 ${e.actorName ?? e.actorId}`}</Text>
                  <Text className='gr-audit__text'>{`理由：${e.reason}`}</Text>
                  {e.after ? <Text className='gr-audit__text'>{`范围：${scopesText(e.after as RoleGrant)}`}</Text> : null}
                </View>
              ))}
              <LoadMore list={auditList} />
            </View>
          )
        }
      </QueryView>
    </View>
  )
}

function GrantForm({ user, onGranted }: { user: UserSummary; onGranted: (grants: RoleGrant[], role: Grantable) => void }) {
  const grant = useAction(users.grantRole)
  const [role, setRole] = useState<Grantable>()
  const [kind, setKind] = useState<ScopeKind>()
  const [ids, setIds] = useState('')
  const [reason, setReason] = useState('')
  const kinds = role ? roleScopeKinds[role] : []
  const scopeKind = kind && kinds.includes(kind) ? kind : kinds[0]
  const scopeIds = ids.split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean)
  const existing = role ? user.grants.find((g) => g.role === role) : undefined

  const submit = async () => {
    if (!role) return
    const res = await grant.run({ userId: user.userId, role, scopes: scopeKind ? scopeIds.map((id) => ({ kind: scopeKind, id })) : [], reason: reason.trim() })
    if (res) {
      onGranted(res.grants, role)
      setIds('')
      setReason('')
    }
  }

  return (
    <View>
      <Text className='gr-section'>授予角色</Text>
      <Text className='gr-label'>
        角色 <Text className='gr-required'>*</Text>
      </Text>
      <View className='gr-chips'>
        {grantableRoles.map((r) => (
          <Text key={r} className={`gr-chip${role === r ? ' gr-chip--on' : ''}`} onClick={() => { setRole(r); grant.reset() }} aria-pressed={role === r}>
            {roleLabel[r]}
          </Text>
        ))}
      </View>
      {role && kinds.length > 0 ? (
        <View>
          <Text className='gr-label'>
            负责范围 <Text className='gr-required'>*</Text>
          </Text>
          {kinds.length > 1 ? (
            <View className='gr-chips'>
              {kinds.map((k) => (
                <Text key={k} className={`gr-chip${scopeKind === k ? ' gr-chip--on' : ''}`} onClick={() => setKind(k)} aria-pressed={scopeKind === k}>
                  {scopeKindLabel[k]}
                </Text>
              ))}
            </View>
          ) : null}
          <Input className='gr-input gr-input--full' value={ids} maxlength={600} placeholder={`${scopeKindLabel[scopeKind as ScopeKind]}编号，多个用逗号分隔`} aria-label='负责范围编号' onInput={(e) => setIds(e.detail.value)} />
          {existing ? <Text className='nx-lead'>{`已有范围：${scopesText(existing)}；提交后以这次填写的为准`}</Text> : null}
        </View>
      ) : role ? (
        <Text className='nx-lead'>这个角色不需要负责范围</Text>
      ) : null}
      <Text className='gr-label'>
        理由 <Text className='gr-required'>*</Text>（至少 2 个字）
      </Text>
      <Input className='gr-input gr-input--full' value={reason} maxlength={200} placeholder='如：新任娄葑网格员' aria-label='授权理由' onInput={(e) => setReason(e.detail.value)} />
      {grant.error ? <Text className='gr-error'>{`没有授权成功：${describeError(grant.error, fieldLabels)}`}</Text> : null}
      <Button block loading={grant.loading} disabled={!role || reason.trim().length < 2 || (kinds.length > 0 && scopeIds.length === 0)} onClick={() => void submit()}>
        {role ? `授予${roleLabel[role]}` : '请先选择角色'}
      </Button>
    </View>
  )
}
