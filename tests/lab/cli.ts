// Hand use: `npm run lab:up` / `npm run lab:down`, or `tsx tests/lab/cli.ts status`.
import { labProblems, readLabInfo, startLab, stopLab } from './lab.js';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'up': {
      const info = await startLab({ log: (m) => console.error(m) });
      console.log(JSON.stringify(info, null, 2));
      return 0;
    }
    case 'down':
      await stopLab();
      console.error('lab stopped and removed');
      return 0;
    case 'status': {
      const info = await readLabInfo();
      if (!info) {
        console.error('no lab.json: the lab is not running');
        return 1;
      }
      const problems = await labProblems(info);
      console.log(JSON.stringify(info, null, 2));
      console.error(problems.length === 0 ? 'lab healthy' : `lab unhealthy:\n  ${problems.join('\n  ')}`);
      return problems.length === 0 ? 0 : 1;
    }
    default:
      console.error('usage: tsx tests/lab/cli.ts up|down|status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
