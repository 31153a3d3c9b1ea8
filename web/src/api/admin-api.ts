/**
 * Users, API tokens, one's password and the audit log, for the admin views
 * and the user menu. An interface, so the dialogs can be driven by a fake;
 * every failure comes back in words (`attempt`), never as a thrown error.
 */
import type { TrpcClient } from './trpc.ts';
import { attempt, type Outcome } from './execution-api.ts';

type In<P extends { mutate: (input: never) => unknown }> = Parameters<P['mutate']>[0];

export type UserRow = Awaited<ReturnType<TrpcClient['users']['list']['query']>>[number];
export type NewUser = In<TrpcClient['users']['create']>;
export type UserChange = In<TrpcClient['users']['update']>;
export type TokenRow = Awaited<ReturnType<TrpcClient['tokens']['list']['query']>>[number];
export type NewToken = In<TrpcClient['tokens']['create']>;
export type CreatedToken = Awaited<ReturnType<TrpcClient['tokens']['create']['mutate']>>;
export type AuditRow = Awaited<ReturnType<TrpcClient['audit']['list']['query']>>[number];
export type AuditQuery = NonNullable<Parameters<TrpcClient['audit']['list']['query']>[0]>;

export interface AdminApi {
  listUsers(): Promise<Outcome<UserRow[]>>;
  createUser(input: NewUser): Promise<Outcome<UserRow>>;
  updateUser(input: UserChange): Promise<Outcome<UserRow>>;
  deleteUser(id: string): Promise<Outcome<unknown>>;
  changePassword(current: string, next: string): Promise<Outcome<unknown>>;
  /** One's own tokens; `all` (admin): everyone's. */
  listTokens(all: boolean): Promise<Outcome<TokenRow[]>>;
  createToken(input: NewToken): Promise<Outcome<CreatedToken>>;
  revokeToken(id: string): Promise<Outcome<{ revoked: boolean }>>;
  /** Newest first. */
  audit(query: AuditQuery): Promise<Outcome<AuditRow[]>>;
}

export function createAdminApi(client: TrpcClient): AdminApi {
  return {
    listUsers: () => attempt(() => client.users.list.query()),
    createUser: (input) => attempt(() => client.users.create.mutate(input)),
    updateUser: (input) => attempt(() => client.users.update.mutate(input)),
    deleteUser: (id) => attempt(() => client.users.delete.mutate({ id })),
    changePassword: (current, next) =>
      attempt(() => client.users.changePassword.mutate({ current, next })),
    listTokens: (all) => attempt(() => client.tokens.list.query({ all })),
    createToken: (input) => attempt(() => client.tokens.create.mutate(input)),
    revokeToken: (id) => attempt(() => client.tokens.revoke.mutate({ id })),
    audit: (query) => attempt(() => client.audit.list.query(query)),
  };
}
