// Every route, registered explicitly: the API's table of contents.
import awxMe from './awx/me.js';
import awxPersonalTokenCreate from './awx/personal-token-create.js';
import awxPersonalTokenList from './awx/personal-token-list.js';
import awxTokenDelete from './awx/token-delete.js';
import awxTokenGet from './awx/token-get.js';
import awxTokenList from './awx/token-list.js';
import awxTokenUpdate from './awx/token-update.js';
import awxUserGet from './awx/user-get.js';
import type { App, RouteContext } from './context.js';
import openApiDocument from './docs/openapi-document.js';
import dataGatewayRowsAppend from './data/gateway-rows-append.js';
import dataGatewayRowsDelete from './data/gateway-rows-delete.js';
import dataGatewayRowsUpdate from './data/gateway-rows-update.js';
import dataMetadata from './data/metadata.js';
import dataRowAppend from './data/row-append.js';
import dataRowDelete from './data/row-delete.js';
import dataRowGet from './data/row-get.js';
import dataRowUpdate from './data/row-update.js';
import dataRowsList from './data/rows-list.js';
import oauthIntrospect from './oauth/introspect.js';
import jwks from './oauth/jwks.js';
import oauthRevoke from './oauth/revoke.js';
import seatableApiTokenCreate from './seatable/api-token-create.js';
import seatableApiTokenDelete from './seatable/api-token-delete.js';
import seatableApiTokenList from './seatable/api-token-list.js';
import seatableApiTokenUpdate from './seatable/api-token-update.js';
import seatableAppAccessToken from './seatable/app-access-token.js';
import seatableAuthToken from './seatable/auth-token.js';
import seatableBaseAccessToken from './seatable/base-access-token.js';
import seatableShareLinkAccessToken from './seatable/share-link-access-token.js';
import seatableShareLinkCreate from './seatable/share-link-create.js';
import seatableShareLinkDelete from './seatable/share-link-delete.js';
import seatableShareLinkList from './seatable/share-link-list.js';
import seatableWorkspaces from './seatable/workspaces.js';
import accessTokenCreate from './teable/access-token-create.js';
import accessTokenDelete from './teable/access-token-delete.js';
import accessTokenGet from './teable/access-token-get.js';
import accessTokenList from './teable/access-token-list.js';
import accessTokenRefresh from './teable/access-token-refresh.js';
import accessTokenScopes from './teable/access-token-scopes.js';
import accessTokenUpdate from './teable/access-token-update.js';
import adminJwtKeysRotate from './teable/admin-jwt-keys-rotate.js';
import adminTokenList from './teable/admin-token-list.js';
import adminTokenRevoke from './teable/admin-token-revoke.js';
import auditList from './teable/audit-list.js';
import tokenLeaks from './teable/token-leaks.js';
import tokenPolicyList from './teable/token-policy-list.js';
import adminTokenPolicySet from './teable/admin-token-policy-set.js';
import authSignin from './teable/auth-signin.js';
import authSignout from './teable/auth-signout.js';
import authSignup from './teable/auth-signup.js';
import authUser from './teable/auth-user.js';
import opsHealth from './ops/health.js';
import opsMetrics from './ops/metrics.js';
import opsReady from './ops/ready.js';
import sessionList from './teable/session-list.js';
import sessionRevoke from './teable/session-revoke.js';
import baseCreate from './teable/base-create.js';
import baseDelete from './teable/base-delete.js';
import baseGet from './teable/base-get.js';
import baseUpdate from './teable/base-update.js';
import basePluginInstall from './teable/base-plugin-install.js';
import basePluginUninstall from './teable/base-plugin-uninstall.js';
import pluginAuthCode from './teable/plugin-auth-code.js';
import pluginCreate from './teable/plugin-create.js';
import pluginDelete from './teable/plugin-delete.js';
import pluginGet from './teable/plugin-get.js';
import pluginList from './teable/plugin-list.js';
import pluginRefreshToken from './teable/plugin-refresh-token.js';
import pluginRegenerateSecret from './teable/plugin-regenerate-secret.js';
import pluginToken from './teable/plugin-token.js';
import pluginUpdate from './teable/plugin-update.js';
import recordCreate from './teable/record-create.js';
import recordDelete from './teable/record-delete.js';
import recordGet from './teable/record-get.js';
import recordList from './teable/record-list.js';
import recordUpdate from './teable/record-update.js';
import spaceBaseList from './teable/space-base-list.js';
import spaceCollaboratorAdd from './teable/space-collaborator-add.js';
import spaceCollaboratorDelete from './teable/space-collaborator-delete.js';
import spaceCollaboratorList from './teable/space-collaborator-list.js';
import spaceCollaboratorUpdate from './teable/space-collaborator-update.js';
import spaceCreate from './teable/space-create.js';
import spaceDelete from './teable/space-delete.js';
import spaceGet from './teable/space-get.js';
import spaceList from './teable/space-list.js';
import spaceUpdate from './teable/space-update.js';
import tableCreate from './teable/table-create.js';
import tableDelete from './teable/table-delete.js';
import tableGet from './teable/table-get.js';
import tableList from './teable/table-list.js';

const routes: ((app: App, ctx: RouteContext) => void)[] = [
  // Operations: liveness, readiness, Prometheus metrics
  opsHealth,
  opsReady,
  opsMetrics,
  // Teable family (/api): accounts and sessions
  authSignup,
  authSignin,
  authSignout,
  authUser,
  sessionList,
  sessionRevoke,
  // Teable family: personal access tokens (seeds 000, 001)
  accessTokenScopes,
  accessTokenCreate,
  accessTokenList,
  accessTokenGet,
  accessTokenUpdate,
  accessTokenRefresh,
  accessTokenDelete,
  // Teable family: administration
  adminJwtKeysRotate,
  adminTokenList,
  adminTokenRevoke,
  auditList,
  tokenLeaks,
  tokenPolicyList,
  adminTokenPolicySet,
  // Teable family: the data API
  spaceCreate,
  spaceList,
  spaceGet,
  spaceUpdate,
  spaceDelete,
  spaceCollaboratorAdd,
  spaceCollaboratorList,
  spaceCollaboratorUpdate,
  spaceCollaboratorDelete,
  spaceBaseList,
  baseCreate,
  baseGet,
  baseUpdate,
  baseDelete,
  tableCreate,
  tableList,
  tableGet,
  tableDelete,
  recordCreate,
  recordList,
  recordGet,
  recordUpdate,
  recordDelete,
  // Teable family: plugins and their tokens (seed 002)
  pluginCreate,
  pluginList,
  pluginGet,
  pluginUpdate,
  pluginDelete,
  pluginRegenerateSecret,
  basePluginInstall,
  basePluginUninstall,
  pluginAuthCode,
  pluginToken,
  pluginRefreshToken,
  // AWX family (/api/v2/): users and their personal tokens (seed 003)
  awxMe,
  awxUserGet,
  awxPersonalTokenCreate,
  awxPersonalTokenList,
  awxTokenList,
  awxTokenGet,
  awxTokenUpdate,
  awxTokenDelete,
  // SeaTable family (/api2/, /api/v2.1/): account tokens and base access tokens (seed 004)
  seatableAuthToken,
  seatableWorkspaces,
  seatableBaseAccessToken,
  seatableApiTokenCreate,
  seatableApiTokenList,
  seatableApiTokenUpdate,
  seatableApiTokenDelete,
  seatableAppAccessToken,
  seatableShareLinkCreate,
  seatableShareLinkList,
  seatableShareLinkDelete,
  seatableShareLinkAccessToken,
  // SeaTable's data server (/dtable-server/api/v1/, /api-gateway/api/v2/), by base access token
  dataMetadata,
  dataRowsList,
  dataRowGet,
  dataRowAppend,
  dataRowUpdate,
  dataRowDelete,
  dataGatewayRowsAppend,
  dataGatewayRowsUpdate,
  dataGatewayRowsDelete,
  // Standard endpoints
  jwks,
  oauthIntrospect,
  oauthRevoke,
  // This API's OpenAPI document (rendered at /api/docs by src/routes/openapi.ts)
  openApiDocument,
];

export function registerRoutes(app: App, ctx: RouteContext): void {
  for (const register of routes) register(app, ctx);
}
