/**
 * The workbench on the home tab (Taro's H5 components): staff see each kind of waiting work with its
 * count and one tap into its queue, overdue work in the danger colour, the tab badge equal to the total;
 * riders see no workbench and no request is made for one.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import type { Role } from '../../src/core/roles'
import { HOME_TAB_INDEX } from '../../src/shell/badge'
import { Workbench } from '../../src/users/components/Workbench'
import { workbenchOf } from '../../src/users/workbench'
import { installFakeBackend } from '../setup/fake-backend'
import { resetPageTest } from '../setup/page-test'
import { __firePageEvent } from '../setup/taro-shim'

afterEach(resetPageTest)

test('a grid worker sees new and overdue work in their grids; a tap opens the queue with those filters', async () => {
  const roles: Role[] = ['worker', 'grid_worker']
  const badge = jest.spyOn(Taro, 'setTabBarBadge')
  const go = jest.spyOn(Taro, 'navigateTo')
  const backend = installFakeBackend({ 'users.workbench': () => ok(workbenchOf({ grid_new: 4, grid_overdue: 2 }, roles)) })
  render(<Workbench roles={roles} />)
  const overdue = await screen.findByLabelText('网格内已超期的问题 2 件')
  expect(screen.getByLabelText('网格内新上报的问题 4 件')).toBeTruthy()
  expect(overdue.querySelector('.wb-row__count--urgent')?.textContent).toBe('2')
  expect(badge).toHaveBeenLastCalledWith({ index: HOME_TAB_INDEX, text: '6' })
  fireEvent.click(screen.getByText('网格内新上报的问题'))
  expect(go).toHaveBeenLastCalledWith({ url: '/reports/pages/queue/index?as=grid_worker&state=submitted' })

  // Coming back to the tab refreshes the counts.
  await act(async () => {
    __firePageEvent('didShow')
    __firePageEvent('didShow')
  })
  expect(backend.count('users.workbench')).toBeGreaterThanOrEqual(2)
})

test('nothing waiting: says so, and the badge is cleared', async () => {
  const roles: Role[] = ['worker', 'station_manager']
  const clear = jest.spyOn(Taro, 'removeTabBarBadge')
  installFakeBackend({ 'users.workbench': () => ok(workbenchOf({}, roles)) })
  render(<Workbench roles={roles} />)
  expect(await screen.findByText('暂时没有待办，辛苦了')).toBeTruthy()
  expect(screen.getByLabelText('待核销的兑换 0 件')).toBeTruthy()
  expect(clear).toHaveBeenLastCalledWith({ index: HOME_TAB_INDEX })
})

test('a rider has no workbench and nothing is fetched for one', async () => {
  const backend = installFakeBackend({ 'users.workbench': () => ok(workbenchOf({}, [])) })
  const { container } = render(<Workbench roles={['worker', 'party_member']} />)
  await act(async () => undefined)
  expect(container.textContent).toBe('')
  expect(backend.count('users.workbench')).toBe(0)
})
