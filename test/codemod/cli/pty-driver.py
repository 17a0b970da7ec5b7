"""Runs a command in a pseudo-terminal and answers its prompts, for the --interactive end-to-end test.

Usage: python3 pty-driver.py <prompt-marker> <answers-json> <command> [args...]
Each time the output shows one more <prompt-marker>, the next answer is typed (with Enter). No timing is involved:
answers are sent only once their prompt has been printed. Prints one JSON object: status, output, unanswered
(prompts that came after the answers ran out; each got "q").
"""
import json
import os
import pty
import sys

marker = sys.argv[1].encode()
answers = json.loads(sys.argv[2])
command = sys.argv[3:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

output = b""
sent = 0
unanswered = 0
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    while output.count(marker) > sent + unanswered:
        if sent < len(answers):
            os.write(fd, (answers[sent] + "\n").encode())
            sent += 1
        else:
            os.write(fd, b"q\n")
            unanswered += 1
_, status = os.waitpid(pid, 0)
print(json.dumps({"status": os.waitstatus_to_exitcode(status), "output": output.decode("utf-8", "replace"), "unanswered": unanswered}))
