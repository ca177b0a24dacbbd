import type { SharedV4Warning } from '@ai-sdk/provider';

/** V1 and V2 warnings: a setting the endpoint ignores, or a message. */
export type LegacyWarning<SETTING extends string> =
  | { type: 'unsupported-setting'; setting: SETTING; details?: string }
  | { type: 'other'; message: string };

/** V4 warning → V1/V2 warning: `unsupported-setting` when the feature is one of `settings`. */
export function toLegacyWarning<SETTING extends string>(
  warning: SharedV4Warning,
  settings: ReadonlySet<string>,
): LegacyWarning<SETTING> {
  switch (warning.type) {
    case 'unsupported':
    case 'compatibility':
      if (settings.has(warning.feature)) {
        return {
          type: 'unsupported-setting',
          setting: warning.feature as SETTING,
          ...(warning.details !== undefined ? { details: warning.details } : {}),
        };
      }
      return {
        type: 'other',
        message: warning.details ? `${warning.feature}: ${warning.details}` : warning.feature,
      };
    case 'deprecated':
      return { type: 'other', message: `${warning.setting} is deprecated: ${warning.message}` };
    default:
      return warning;
  }
}
