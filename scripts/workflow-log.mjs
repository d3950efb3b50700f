// @ts-check
// Turns what the action prints for the runner (workflow commands: `::group::`, `::debug::`,
// `::add-mask::`, `::warning::`…) into the lines a person reads in a terminal, as the runner's
// log viewer shows them: a group becomes a header over its indented lines (an empty group shows
// nothing), debug lines and masks are dropped, annotations read `warning: …`. Pure.

/** Workflow-command data escapes, undone (the toolkit's escapeData). @param {string} text */
function unescapeData(text) {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

/** A property value's escapes too (escapeProperty: `:` and `,`). @param {string} text */
function unescapeProperty(text) {
  return unescapeData(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}

/** @param {string} text the action's stdout */
export function humanLog(text) {
  /** @type {string[]} */
  const out = [];
  /** @type {{ title: string, lines: string[] } | undefined} */
  let group;
  const emit = (/** @type {string} */ line) => (group ? group.lines.push(`  ${line}`) : out.push(line));
  const close = () => {
    if (group && group.lines.length > 0) out.push(`== ${group.title}`, ...group.lines);
    group = undefined;
  };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) {
      emit(line);
      continue;
    }
    const [, name = '', properties = '', data = ''] = command;
    const message = unescapeData(data);
    if (name === 'group') {
      close();
      group = { title: message, lines: [] };
    } else if (name === 'endgroup') {
      close();
    } else if (name === 'warning' || name === 'error' || name === 'notice') {
      const where = properties === '' ? '' : ` (${properties.split(',').map((p) => unescapeProperty(p.replace(/^[a-zA-Z]+=/, ''))).join(' ')})`;
      for (const [i, part] of message.split('\n').entries()) emit(i === 0 ? `${name}${where}: ${part}` : `  ${part}`);
    } else if (name !== 'debug' && name !== 'add-mask' && name !== 'echo' && name !== 'stop-commands') {
      emit(`${name}: ${message}`);
    }
  }
  close();
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
