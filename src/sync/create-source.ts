import type { SyncSource } from './source.js';
import { folderSource } from './sources/folder.js';
import { intercomSource } from './sources/intercom.js';
import { websiteSource } from './sources/website.js';
import { zendeskSource } from './sources/zendesk.js';
import type { SourceConfig } from './sync-config.js';

/** The source for a config entry, by kind. */
export function createSource(config: SourceConfig): SyncSource {
  switch (config.kind) {
    case 'folder':
      return folderSource(config);
    case 'website':
      return websiteSource(config);
    case 'zendesk':
      return zendeskSource(config);
    case 'intercom':
      return intercomSource(config);
  }
}
