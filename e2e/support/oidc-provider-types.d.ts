// The few parts of oidc-provider (no types of its own; @types/oidc-provider is not installed) that
// the test provider uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }
  interface GrantConstructor {
    new (properties: { clientId: string; accountId: string }): Grant
    find(id: string): Promise<Grant | undefined>
  }
  export interface KoaContextWithOIDC {
    oidc: {
      provider: { Grant: GrantConstructor }
      client?: { clientId: string }
      session?: { accountId: string; grantIdFor(clientId: string): string | undefined }
      result?: { consent?: { grantId?: string } }
    }
  }
  interface Account {
    accountId: string
    claims(): Promise<Record<string, unknown>>
  }
  interface Configuration {
    clients: Record<string, unknown>[]
    pkce?: { required: () => boolean }
    cookies?: { keys: string[] }
    claims?: Record<string, string[]>
    scopes?: string[]
    features?: Record<string, { enabled: boolean }>
    interactions?: { url: (ctx: KoaContextWithOIDC, interaction: { uid: string }) => string }
    findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined>
    loadExistingGrant?(ctx: KoaContextWithOIDC): Promise<Grant | undefined>
    ttl?: Record<string, number>
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration)
    Grant: GrantConstructor
    on(event: string, listener: (ctx: unknown, error: { message?: string; error_detail?: string }) => void): void
    callback(): (request: IncomingMessage, response: ServerResponse) => void
    interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<{ uid: string; prompt: { name: string } }>
    interactionFinished(request: IncomingMessage, response: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>
  }
}
