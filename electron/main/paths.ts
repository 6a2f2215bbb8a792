import { join, resolve } from 'node:path';

export interface ShellPaths {
  rendererDir: string;
  preloadPath: string;
  resourcesDir: string;
  dataDir: string;
}

export interface PathInputs {
  /** The folder of the built main bundle (out/main). */
  mainDir: string;
  isPackaged: boolean;
  /** process.resourcesPath when packaged. */
  resourcesPath: string;
  /** app.getPath('userData'). */
  userData: string;
  /** The project root in development (app.getAppPath()). */
  appPath: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Where everything lives. Development keeps its data in `.tidewatch-dev/` of the project so it never
 * touches a real installation's database and keychain references; TIDEWATCH_DATA_DIR overrides both.
 */
export function shellPaths(inputs: PathInputs): ShellPaths {
  const dataDir =
    inputs.env.TIDEWATCH_DATA_DIR ||
    (inputs.isPackaged ? inputs.userData : join(inputs.appPath, '.tidewatch-dev'));
  return {
    rendererDir: resolve(inputs.mainDir, '..', 'renderer'),
    preloadPath: resolve(inputs.mainDir, '..', 'preload', 'index.cjs'),
    resourcesDir: inputs.isPackaged
      ? join(inputs.resourcesPath, 'resources')
      : join(inputs.appPath, 'resources'),
    dataDir: resolve(dataDir),
  };
}
