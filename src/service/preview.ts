// `briefing preview <facts>`: the studio page following one local facts file. The files are
// read here, by the command the user ran on their own file (confined to its folder, as a
// build from the path would be), and handed to the page, which builds them through the same
// API as any client. Folders are watched rather than files, since editors often save by
// renaming a new file over the old one.
import { unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { BUILTIN_TEMPLATES, readLocalInputs } from '../api/input.js';
import { BriefingInputError } from '../diagnostics/index.js';
import type { PreviewSource } from './studio.js';

const DEBOUNCE_MS = 150;

export function localPreview(file: string): PreviewSource {
  let watched = new Set<string>([resolve(file)]);
  return {
    read() {
      try {
        const inputs = readLocalInputs(file);
        watched = new Set(inputs.files);
        return { facts: inputs.facts, file: inputs.file, sources: inputs.sources, problems: inputs.problems };
      } catch (e) {
        if (!(e instanceof BriefingInputError)) throw e;
        return { facts: '', file, sources: {}, problems: e.diagnostics.map((d) => d.message) };
      }
    },
    watch(onChange) {
      const watchers = new Map<string, FSWatcher>();
      let timer: NodeJS.Timeout | undefined;
      let changed = new Set<string>();
      const fire = (name: string) => {
        changed.add(name);
        clearTimeout(timer);
        timer = setTimeout(() => {
          const names = [...changed];
          changed = new Set();
          onChange(names);
          sync();
        }, DEBOUNCE_MS);
      };
      const folder = (dir: string, recursive: boolean, wants: (name: string) => boolean) => {
        const key = `${dir}\0${recursive}`;
        if (watchers.has(key)) return;
        try {
          const w = watch(dir, { recursive }, (_event, name) => {
            const n = name?.toString() ?? '';
            if (wants(n)) fire(n);
          });
          w.on('error', () => undefined);
          watchers.set(key, w);
        } catch {
          // A folder that does not exist cannot be watched; the build reports the problem.
        }
      };
      // The folders of the facts file and of every source it names (found afresh after each
      // change). The files are also polled once a second: fs.watch can fail quietly (a shared
      // machine out of inotify instances, network file systems), and a missed save would
      // leave the page stale. Both fire into the same debounce, so a save counts once.
      const polled = new Set<string>();
      const sync = () => {
        for (const f of watched) {
          folder(dirname(f), false, (n) => [...watched].some((w) => dirname(w) === dirname(f) && basename(w) === basename(n)));
          if (!polled.has(f)) {
            polled.add(f);
            watchFile(f, { interval: 1000 }, (now, before) => {
              if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) fire(basename(f));
            });
          }
        }
      };
      sync();
      folder(BUILTIN_TEMPLATES, true, (n) => n.endsWith('.hbs'));
      return () => {
        clearTimeout(timer);
        for (const w of watchers.values()) w.close();
        for (const f of polled) unwatchFile(f);
      };
    },
  };
}
