import { openStore } from '../../../src/study/index.js';
import { postgresPerFile } from '../postgres-per-file.js';
import { importSafetyContract } from './safety-contract.js';

const pg = postgresPerFile('import');
importSafetyContract('PostgreSQL', async () => ({ store: await openStore(await pg.freshDatabase()), cleanup: () => undefined }));
