# The events a ReproZip trace recorded: reprozip-events.py TRACE_DIR/trace.sqlite3 prints the rows
# of its processes, opened_files and executed_files tables, summed.
import sqlite3, sys

c = sqlite3.connect(sys.argv[1])
print(sum(c.execute('select count(*) from ' + t).fetchone()[0]
          for t in ('processes', 'opened_files', 'executed_files')))
