// `briefing completion bash|zsh`: shell completion generated from the commands and options
// the CLI defines, so it cannot drift from them. Facts arguments complete to files, folder
// options and arguments (init's <dir>) to folders, options with fixed choices (--paper) to
// those choices.
import type { Command, Option } from 'commander';

export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

const FOLDER_OPTIONS = new Set(['--out', '--templates', '--base-dir']);
const FILE_OPTIONS = new Set(['--output', '--config']);

/** What a command's arguments complete to: facts files unless its argument names a folder or another file. */
type ArgumentKind = 'facts' | 'folder' | 'file' | 'shell';
const ARGUMENT_KINDS: Record<string, ArgumentKind> = { dir: 'folder', source: 'file', shell: 'shell' };

function argumentKind(cmd: Command): ArgumentKind {
  const first = cmd.registeredArguments[0]?.name();
  return (first !== undefined && Object.hasOwn(ARGUMENT_KINDS, first) ? ARGUMENT_KINDS[first] : undefined) ?? 'facts';
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function flags(o: Option): string[] {
  return [o.short, o.long].filter((f): f is string => typeof f === 'string');
}

/** Text safe inside a zsh _arguments/_describe description. */
function zshText(s: string): string {
  return s.replace(/[[\]:'\\]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function completionScript(shell: Shell, program: Command): string {
  return shell === 'bash' ? bash(program) : zsh(program);
}

function bash(program: Command): string {
  const name = program.name();
  const commands = visible(program).map((c) => c.name());
  const lines = [
    `# bash completion for ${name}; load with: source <(${name} completion bash)`,
    `_${name}() {`,
    '  local cur prev cmd opts',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  cmd="${COMP_WORDS[1]}"',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    COMPREPLY=( $(compgen -W "${[...commands, '--help', '--version'].join(' ')}" -- "$cur") )`,
    '    return',
    '  fi',
    '  case "$prev" in',
  ];
  const choices = new Map<string, string[]>();
  for (const c of visible(program)) for (const o of c.options) if (o.argChoices) for (const f of flags(o)) choices.set(f, o.argChoices);
  for (const [f, list] of choices) lines.push(`    ${f}) COMPREPLY=( $(compgen -W "${list.join(' ')}" -- "$cur") ); return ;;`);
  lines.push(`    ${[...FOLDER_OPTIONS].join('|')}) COMPREPLY=( $(compgen -d -- "$cur") ); return ;;`);
  lines.push(`    -o|${[...FILE_OPTIONS].join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`);
  lines.push('  esac', '  local what=-f', '  case "$cmd" in');
  for (const c of visible(program).filter((c) => argumentKind(c) !== 'shell')) lines.push(`    ${c.name()}) opts="${[...c.options.flatMap(flags), '--help'].join(' ')}"${argumentKind(c) === 'folder' ? '; what=-d' : ''} ;;`);
  for (const c of visible(program).filter((c) => argumentKind(c) === 'shell')) lines.push(`    ${c.name()}) COMPREPLY=( $(compgen -W "${SHELLS.join(' ')}" -- "$cur") ); return ;;`);
  lines.push(
    '    *) opts="--help" ;;',
    '  esac',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )',
    '  else',
    '    COMPREPLY=( $(compgen $what -- "$cur") )',
    '  fi',
    '}',
    `complete -o filenames -F _${name} ${name}`,
    '',
  );
  return lines.join('\n');
}

function zsh(program: Command): string {
  const name = program.name();
  const lines = [
    `#compdef ${name}`,
    `# zsh completion for ${name}; load with: source <(${name} completion zsh), after compinit,`,
    `# or save as _${name} in a folder on $fpath.`,
    `_${name}() {`,
    '  local -a commands',
    '  commands=(',
    ...visible(program).map((c) => `    '${c.name()}:${zshText(c.description())}'`),
    '  )',
    '  if (( CURRENT == 2 )); then',
    "    _describe 'command' commands",
    '    return',
    '  fi',
    '  local cmd=${words[2]}',
    '  shift words',
    '  (( CURRENT-- ))',
    '  case $cmd in',
  ];
  for (const c of visible(program)) {
    const specs: string[] = [];
    for (const o of c.options) {
      const description = zshText(o.description);
      const takes = o.required || o.optional;
      let action = '';
      if (takes) {
        if (o.argChoices) action = `:${o.attributeName()}:(${o.argChoices.join(' ')})`;
        else if (o.long && FOLDER_OPTIONS.has(o.long)) action = ':folder:_files -/';
        else if (o.long && FILE_OPTIONS.has(o.long)) action = ':file:_files';
        else action = `:${o.attributeName()}:`;
      }
      const names = flags(o);
      specs.push(names.length > 1 ? `'(${names.join(' ')})'{${names.join(',')}}'[${description}]${action}'` : `'${names[0]}[${description}]${action}'`);
    }
    specs.push(
      {
        shell: `'1:shell:(${SHELLS.join(' ')})'`,
        folder: `'1:folder:_files -/'`,
        file: `'1:file:_files'`,
        facts: `'*:facts file:_files -g "*.(yaml|yml|json)"'`,
      }[argumentKind(c)],
    );
    lines.push(`    ${c.name()})`, `      _arguments -s ${specs.join(' \\\n        ')}`, '      ;;');
  }
  lines.push(
    '  esac',
    '}',
    'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then',
    `  _${name} "$@"`,
    'else',
    `  compdef _${name} ${name}`,
    'fi',
    '',
  );
  return lines.join('\n');
}
