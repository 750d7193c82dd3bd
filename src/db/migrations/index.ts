// Every migration, by its timestamped name, registered explicitly (no directory scanning, so the
// same list works from source and from the build).
import type { Migration } from 'kysely';
import * as initial from './20261124T1100_initial.js';
import * as integerKeys from './20261124T1300_integer_keys_and_token_kinds.js';
import * as plugins from './20261124T1500_plugins.js';
import * as seatable from './20261124T1700_seatable.js';
import * as audit from './20261124T1900_audit_and_policies.js';
import * as userDisabledTime from './20261125T1000_user_disabled_time.js';
import * as apiTokenNameUnique from './20261126T1000_api_token_name_unique.js';
import * as pluginGrantAuthorizer from './20261127T1000_plugin_grant_authorizer.js';

export const migrations: Record<string, Migration> = {
  '20261124T1100_initial': initial,
  '20261124T1300_integer_keys_and_token_kinds': integerKeys,
  '20261124T1500_plugins': plugins,
  '20261124T1700_seatable': seatable,
  '20261124T1900_audit_and_policies': audit,
  '20261125T1000_user_disabled_time': userDisabledTime,
  '20261126T1000_api_token_name_unique': apiTokenNameUnique,
  '20261127T1000_plugin_grant_authorizer': pluginGrantAuthorizer,
};
