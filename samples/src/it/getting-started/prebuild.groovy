// makes the input clip with the command docs/getting-started.md shows (make-input.sh holds it)
def command = new File(basedir, 'make-input.sh').text.trim().tokenize(' ')
command.addAll(1, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'])
def process = command.execute(null, basedir)
process.consumeProcessOutput(System.out, System.err)
assert process.waitFor() == 0 : "ffmpeg could not make in.mp4: ${command.join(' ')}"
return true
