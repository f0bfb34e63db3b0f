// SQL on an InBeeld SQLite database through the sqlite3 CLI (text output, one
// row a line), for the integration and browser harnesses. The access log is a
// file of its own beside the database (<file>-audit), attached as `audit`.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export async function sqliteQuery(file, sql) {
  const { stdout } = await execFileP('sqlite3', ['-batch', '-bail', '-cmd', '.timeout 10000',
    '-cmd', `ATTACH '${file.replaceAll("'", "''")}-audit' AS audit`, file, sql]);
  return stdout.trim();
}
