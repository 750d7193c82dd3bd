// The composition root: repositories over the store, services over them, and the one verification
// path that every route uses.
import { AuditLog } from './audit/audit-log.js';
import { AuditRepository } from './audit/audit-repository.js';
import { Authenticator, type Resolution } from './auth/authenticator.js';
import { CacheInvalidation, invalidationChannel } from './auth/cache-invalidation.js';
import { Guard } from './auth/guard.js';
import { MemoryCounters, RateLimiter } from './auth/rate-limiter.js';
import { RedisCounters } from './auth/redis-counters.js';
import { Throttle } from './auth/throttle.js';
import { ApiTokenService } from './base-tokens/api-token-service.js';
import { BaseTokenService } from './base-tokens/base-token-service.js';
import { BaseTokenVerifier } from './base-tokens/base-token-verifier.js';
import { sourceCheck } from './base-tokens/source-check.js';
import { DtableService } from './dtable/dtable-service.js';
import { OAuthService } from './oauth/oauth-service.js';
import { instanceSecret } from './keys/instance-secret.js';
import { KeyRepository } from './keys/key-repository.js';
import { KeyService } from './keys/key-service.js';
import { isPerson } from './auth/principal.js';
import { LruCache } from './auth/lru-cache.js';
import { BaseRepository } from './bases/base-repository.js';
import { BaseService } from './bases/base-service.js';
import type { Config } from './config.js';
import { Metrics } from './metrics/metrics.js';
import { ReadinessCheck } from './ops/readiness.js';
import type { Store } from './db/database.js';
import { SequenceRepository } from './db/sequence-repository.js';
import { PluginGrantRepository } from './plugins/plugin-grant-repository.js';
import { PluginRepository } from './plugins/plugin-repository.js';
import { PluginService } from './plugins/plugin-service.js';
import { PluginTokenService } from './plugins/plugin-token-service.js';
import { RecordRepository } from './records/record-repository.js';
import { RecordService } from './records/record-service.js';
import { SessionRepository } from './sessions/session-repository.js';
import { ShareLinkRepository } from './share/share-link-repository.js';
import { ShareLinkService } from './share/share-link-service.js';
import { SessionService } from './sessions/session-service.js';
import { SpaceRepository } from './spaces/space-repository.js';
import { SpaceService } from './spaces/space-service.js';
import { TableRepository } from './tables/table-repository.js';
import { TableService } from './tables/table-service.js';
import { AccessTokenRepository } from './tokens/access-token-repository.js';
import { AccessTokenService } from './tokens/access-token-service.js';
import { AdminTokenService } from './tokens/admin-token-service.js';
import { LastUsedWriter } from './tokens/last-used-writer.js';
import { LeakService } from './tokens/leak-service.js';
import { TokenPolicyRepository } from './tokens/token-policy-repository.js';
import { TokenPolicyService } from './tokens/token-policy-service.js';
import { PersonalTokenService } from './tokens/personal-token-service.js';
import { Revocation } from './tokens/revocation.js';
import { TokenResolver } from './tokens/token-resolver.js';
import { UserRepository } from './users/user-repository.js';
import { UserService } from './users/user-service.js';

export interface Services {
  readonly authenticator: Authenticator;
  /** Cache invalidation shared with the other processes on the same PostgreSQL. */
  readonly invalidation: CacheInvalidation;
  readonly lastUsed: LastUsedWriter;
  readonly users: UserService;
  readonly sessions: SessionService;
  readonly spaces: SpaceService;
  readonly bases: BaseService;
  readonly tables: TableService;
  readonly records: RecordService;
  readonly accessTokens: AccessTokenService;
  readonly personalTokens: PersonalTokenService;
  readonly plugins: PluginService;
  readonly pluginTokens: PluginTokenService;
  readonly keys: KeyService;
  readonly baseTokens: BaseTokenService;
  readonly apiTokens: ApiTokenService;
  readonly baseTokenVerifier: BaseTokenVerifier;
  readonly dtable: DtableService;
  readonly shareLinks: ShareLinkService;
  readonly oauth: OAuthService;
  readonly adminTokens: AdminTokenService;
  readonly throttle: Throttle;
  readonly audit: AuditLog;
  readonly leaks: LeakService;
  readonly tokenPolicies: TokenPolicyService;
  readonly metrics: Metrics;
  readonly readiness: ReadinessCheck;
}

export function createServices(store: Pick<Store, 'db' | 'dialect' | 'schema' | 'foreignCommits'>, config: Config, onError: (error: unknown) => void): Services {
  const { db } = store;
  const sequences = new SequenceRepository(db);
  const userRepository = new UserRepository(db, sequences);
  const spaceRepository = new SpaceRepository(db, sequences);
  const baseRepository = new BaseRepository(db, sequences);
  const tokenRepository = new AccessTokenRepository(db, sequences);
  const tokenResolver = new TokenResolver(tokenRepository);
  const tableRepository = new TableRepository(db);
  const audit = new AuditLog(new AuditRepository(db), userRepository, config, onError);
  const tokenPolicies = new TokenPolicyService(new TokenPolicyRepository(db), userRepository, config, audit);

  const cache = new LruCache<string, Resolution>(config.tokenCacheSize, config.tokenCacheTtlMs);
  const shared = store.dialect === 'postgres' && config.databaseUrl ? { db, connectionString: config.databaseUrl, channel: invalidationChannel(config.databaseSchema) } : null;
  const invalidation = new CacheInvalidation(cache, shared, onError, store.foreignCommits);
  const forget = (digest: string): void => invalidation.forget(digest);
  const guard = new Guard(spaceRepository);
  const counters = config.redisUrl ? new RedisCounters(config.redisUrl, `${config.redisPrefix}rl:`, onError) : new MemoryCounters();
  const throttle = new Throttle(config, new RateLimiter(counters));

  const sessionRepository = new SessionRepository(db);
  const pluginRepository = new PluginRepository(db);
  const shareLinkRepository = new ShareLinkRepository(db);
  const grantRepository = new PluginGrantRepository(db, store.dialect, (row, tx) => tokenRepository.insert(row, tx));
  const revocation = new Revocation(tokenRepository, sessionRepository, shareLinkRepository, pluginRepository, grantRepository, forget, audit);
  const sessions = new SessionService(sessionRepository, config, forget, audit, revocation);
  const accessTokens = new AccessTokenService(tokenRepository, spaceRepository, baseRepository, tokenPolicies, forget, throttle, audit);
  const lastUsed = new LastUsedWriter((ids, at) => tokenRepository.setLastUsed(ids, at), onError);
  const resolvers = { session: sessions, accountToken: sessions, personalAccessToken: tokenResolver, userPersonalToken: tokenResolver, pluginAccessToken: tokenResolver, baseApiToken: tokenResolver };
  const authenticator = new Authenticator(resolvers, cache, (principal) => {
    if (!isPerson(principal)) lastUsed.touch(principal.credentialId);
  });

  const bases = new BaseService(baseRepository, guard);
  const tables = new TableService(tableRepository, bases, guard);
  const records = new RecordService(new RecordRepository(db), tables);
  let secret: string | undefined;
  const keys = new KeyService(new KeyRepository(db), () => (secret ??= instanceSecret(config)), config.baseTokenTtlSeconds, audit);
  const baseTokens = new BaseTokenService(spaceRepository, baseRepository, userRepository, guard, keys, config, audit);
  const shareLinks = new ShareLinkService(shareLinkRepository, spaceRepository, baseRepository, baseTokens, config, audit, tokenPolicies);
  const baseTokenVerifier = new BaseTokenVerifier(
    keys,
    baseRepository,
    sourceCheck({ sessions: sessionRepository, tokens: tokenRepository, users: userRepository, shareLinkCreator: (id) => shareLinks.liveCreator(id) }),
    config,
  );
  const metrics = new Metrics({
    cache: () => cache,
    credentials: async () => {
      const now = new Date().toISOString();
      return [...(await tokenRepository.countStates(now)), ...(await sessionRepository.countStates(now))];
    },
  });
  return {
    metrics,
    readiness: new ReadinessCheck(store),
    authenticator,
    invalidation,
    lastUsed,
    users: new UserService(userRepository, config, throttle, audit, revocation),
    sessions,
    spaces: new SpaceService(spaceRepository, baseRepository, userRepository, guard),
    bases,
    tables,
    records,
    accessTokens,
    personalTokens: new PersonalTokenService(tokenRepository, userRepository, tokenPolicies, forget, throttle, audit),
    keys,
    baseTokens,
    apiTokens: new ApiTokenService(tokenRepository, userRepository, baseTokens, forget, throttle, audit, tokenPolicies),
    baseTokenVerifier,
    dtable: new DtableService(tableRepository, tables, records),
    shareLinks,
    adminTokens: new AdminTokenService(tokenRepository, userRepository, revocation),
    throttle,
    audit,
    tokenPolicies,
    leaks: new LeakService(revocation, audit),
    oauth: new OAuthService(authenticator, baseTokenVerifier, tokenRepository, grantRepository, pluginRepository, sessions, userRepository, config, revocation, audit),
    plugins: new PluginService(pluginRepository, grantRepository, bases, forget, audit),
    pluginTokens: new PluginTokenService(pluginRepository, grantRepository, bases, forget, audit),
  };
}
