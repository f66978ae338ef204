import path from 'node:path';
import { openStudy } from '../../../src/study/index.js';
import { tempDir } from '../fixture.js';
import { importSafetyContract } from './safety-contract.js';

importSafetyContract('SQLite', async () => {
  const t = tempDir();
  return { store: await openStudy(path.join(t.dir, 'study.sqlite')), cleanup: t.cleanup };
});
