import { watch } from 'chokidar';

/**
 * Watch a folder (and its subfolders) for files added, changed or removed; after `debounceMs` of quiet,
 * report the paths touched. Hidden files and folders are ignored. Returns a function that stops watching.
 */
export async function watchFolder(options: {
  folder: string;
  debounceMs: number;
  onChange: (paths: string[]) => void;
}): Promise<() => Promise<void>> {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(options.folder, {
    ignoreInitial: true,
    ignored: (path: string) => path !== options.folder && /(^|[/\\])\.[^/\\]/.test(path.slice(options.folder.length)),
  });
  const touched = (path: string) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...pending];
      pending.clear();
      options.onChange(paths);
    }, options.debounceMs);
  };
  watcher.on('add', touched).on('change', touched).on('unlink', touched);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
