import { verify } from 'node:crypto';

/** What the fake token endpoint answered: an access token and who it stands for. */
export interface IssuedToken {
  accessToken: string;
  grantType: 'jwt-bearer' | 'refresh_token';
  /** The user the token acts as: the JWT `sub` (else `iss`), or the refresh token's user. */
  principal: string;
  scope: string | null;
  /** Service accounts: the JWT claims as sent. */
  claims: Record<string, unknown> | null;
  /** OAuth: the client that asked. */
  clientId: string | null;
}

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Google's OAuth 2.0 token endpoint as far as the two grants the service uses: the signed JWT of
 * a service account (checked against the account's public key, like Google does) and a refresh
 * token of an OAuth client. Error bodies follow RFC 6749 as Google sends them.
 */
export class FakeTokenEndpoint {
  readonly issued: IssuedToken[] = [];
  private readonly serviceAccounts = new Map<string, { publicKey: string; delegation: boolean }>();
  private readonly clients = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();

  /** `delegation: false` models a service account whose client ID the admin never authorised. */
  addServiceAccount(clientEmail: string, publicKeyPem: string, options = { delegation: true }): void {
    this.serviceAccounts.set(clientEmail, { publicKey: publicKeyPem, ...options });
  }

  addOAuthClient(clientId: string, clientSecret: string): void {
    this.clients.set(clientId, clientSecret);
  }

  /** A refresh token the rep `userEmail` granted; revoke it with `revokeRefreshToken`. */
  addRefreshToken(refreshToken: string, userEmail: string): void {
    this.refreshTokens.set(refreshToken, userEmail);
  }

  revokeRefreshToken(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
  }

  principalOf(accessToken: string): string | null {
    return this.issued.find((token) => token.accessToken === accessToken)?.principal ?? null;
  }

  exchange(form: URLSearchParams): TokenReply {
    const grantType = form.get('grant_type');
    if (grantType === JWT_BEARER) return this.exchangeJwt(form.get('assertion') ?? '');
    if (grantType === 'refresh_token') return this.exchangeRefreshToken(form);
    return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  private exchangeJwt(assertion: string): TokenReply {
    const [header = '', payload = '', signature = ''] = assertion.split('.');
    const claims = decodeClaims(payload);
    const iss = typeof claims?.iss === 'string' ? claims.iss : '';
    const account = this.serviceAccounts.get(iss);
    if (!claims || !account) return oauthError(400, 'invalid_grant', 'Invalid grant: account not found');
    const signed = Buffer.from(`${header}.${payload}`);
    if (!verify('RSA-SHA256', signed, account.publicKey, Buffer.from(signature, 'base64url'))) {
      return oauthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    }
    const sub = typeof claims.sub === 'string' ? claims.sub : null;
    if (sub && !account.delegation) {
      return oauthError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    const scope = typeof claims.scope === 'string' ? claims.scope : null;
    return this.issue({ grantType: 'jwt-bearer', principal: sub ?? iss, scope, claims, clientId: null });
  }

  private exchangeRefreshToken(form: URLSearchParams): TokenReply {
    const clientId = form.get('client_id') ?? '';
    if (this.clients.get(clientId) !== form.get('client_secret')) {
      return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    }
    const user = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!user) return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    return this.issue({ grantType: 'refresh_token', principal: user, scope: null, claims: null, clientId });
  }

  private issue(grant: Omit<IssuedToken, 'accessToken'>): TokenReply {
    const token: IssuedToken = { accessToken: `ya29.fake-${this.issued.length + 1}`, ...grant };
    this.issued.push(token);
    return {
      status: 200,
      body: { access_token: token.accessToken, expires_in: 3599, token_type: 'Bearer', scope: grant.scope ?? undefined },
    };
  }
}

function decodeClaims(payload: string): Record<string, unknown> | null {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function oauthError(status: number, error: string, description: string): TokenReply {
  return { status, body: { error, error_description: description } };
}
