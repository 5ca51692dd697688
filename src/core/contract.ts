/**
 * How a domain declares its actions once for both sides: each action names its input schema and its
 * output type. Cloud functions attach roles and handlers to a contract (cloudfunctions/_runtime/router);
 * pages call it through a typed service (src/shell/service). A changed field breaks the build, not production.
 */
import type { Schema } from './schema'

export interface ActionDef<I, O> {
  readonly input: Schema<I>
  /** Phantom: carries the output type; never set at run time. */
  readonly __output?: O
}

export type Contract = Record<string, ActionDef<any, any>>

export type InputOf<A> = A extends ActionDef<infer I, any> ? I : never
export type OutputOf<A> = A extends ActionDef<any, infer O> ? O : never

/** Declares one action: `me: action<MeOutput>()(s.object({}))`. */
export function action<O>() {
  return <I>(input: Schema<I>): ActionDef<I, O> => ({ input })
}

/** The request body a client sends to a domain function: `callFunction({ name, data: { action, payload } })`. */
export interface ActionRequest<C extends Contract = Contract, K extends keyof C & string = keyof C & string> {
  action: K
  payload: InputOf<C[K]>
}

/** Every cloud function of the app, by name; each has one contract. */
export const FunctionName = {
  users: 'users',
  stations: 'stations',
  checkins: 'checkins',
  passbook: 'passbook',
  reports: 'reports',
  volunteers: 'volunteers',
  services: 'services',
  wishes: 'wishes',
  suggestions: 'suggestions',
  district: 'district',
} as const
export type FunctionName = (typeof FunctionName)[keyof typeof FunctionName]
