// `briefing watch <facts>`: build, then rebuild whenever the facts file, one of its source
// documents, its Markdown prose, a template or the earlier edition given to --changes-since
// changes, reporting each rebuild's time. Editors often save by
// writing a new file and renaming it over the old one, which ends a watch on the file
// itself, so the watches are on folders, filtered by name.
import { terminalText } from './terminal.js';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadFacts } from '../facts/index.js';
import { BUILTIN_TEMPLATES } from '../narrative/index.js';
import { runJob, type JobOptions, type JobReport } from '../delivery/job.js';
import { diagnosticLine, duration, type Ui } from './report.js';

const DEBOUNCE_MS = 120;

export interface WatchIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Runs until SIGINT or SIGTERM; resolves with the exit code (0). */
export function watchBuild(file: string, options: JobOptions, ui: Ui, io: WatchIo): Promise<number> {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let changed = new Set<string>();
  let first = true;

  /** Folder -> names that matter in it ('*' = any template below it: .hbs, or .md prose). */
  const interest = new Map<string, Set<string>>();
  const want = (dir: string, name: string, recursive = false) => {
    const key = `${resolve(dir)}${recursive ? '\0r' : ''}`;
    let names = interest.get(key);
    if (!names) {
      names = new Set();
      interest.set(key, names);
      try {
        const w = watch(resolve(dir), { recursive }, (_event, filename) => {
          const f = filename?.toString() ?? '';
          if (names!.has('*') ? /\.(hbs|md)$/.test(f) : names!.has(basename(f))) schedule(f);
        });
        w.on('error', () => undefined); // a folder that disappears just stops being watched
        watchers.set(key, w);
      } catch {
        // A folder that does not exist (yet) cannot be watched; the build reports the problem.
      }
    }
    names.add(name);
  };

  const watchInputs = () => {
    want(dirname(file), basename(file));
    want(BUILTIN_TEMPLATES, '*', true);
    if (options.templatesDir) want(options.templatesDir, '*', true);
    if (options.changesSince !== undefined) want(dirname(options.changesSince), basename(options.changesSince));
    // Source documents are quoted against, so a change to one is a change to the briefing.
    try {
      const facts = loadFacts(file);
      for (const s of Object.values(facts.doc.sources)) {
        if (s.document && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s.document)) {
          const path = resolve(facts.dir, s.document);
          want(dirname(path), basename(path));
        }
      }
      // Markdown prose named by the facts file (meta.prose) is part of the briefing too.
      for (const prose of Object.values(facts.doc.meta.prose ?? {})) {
        if (typeof prose === 'string') want(dirname(resolve(facts.dir, prose)), basename(prose));
      }
    } catch {
      // Invalid right now; the build prints why, and the facts file itself is watched.
    }
  };

  const schedule = (name: string) => {
    changed.add(name);
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), DEBOUNCE_MS);
  };

  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const names = [...changed];
    changed = new Set();
    const report: JobReport = await runJob(file, options);
    watchInputs();
    const verb = first ? 'built' : 'rebuilt';
    first = false;
    for (const w of report.warnings) io.err(`${diagnosticLine(ui, w)}\n`);
    if (report.status === 'ok') {
      const because = names.length ? ` (changed: ${names.join(', ')})` : '';
      io.out(`${verb} ${report.outputs.map((o) => terminalText(o.path)).join(', ')} in ${duration(report.totalMs)}${because}\n`);
    } else {
      for (const e of report.errors) io.err(`${diagnosticLine(ui, e)}\n`);
      if (ui.debug && report.stack) io.err(`${report.stack}\n`);
      io.out(`${verb === 'built' ? 'build' : 'rebuild'} failed in ${duration(report.totalMs)}; the previous files were kept. Waiting for changes.\n`);
    }
    running = false;
    if (again) {
      again = false;
      void rebuild();
    }
  };

  return new Promise((resolveExit) => {
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveExit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    io.out(`watching ${terminalText(file)} and its templates; Ctrl-C to stop\n`);
    void rebuild();
  });
}
