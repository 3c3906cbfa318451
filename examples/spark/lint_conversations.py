"""Lint a table of conversations with replylint on Apache Spark.

The table is JSON Lines with one whole conversation per line (the conversation-per-line
shape of docs/inputs.md), e.g.

    {"conversation": "c-1001", "turns": [{"speaker": "顾客", "text": "在吗"}, ...]}

so that a partition never splits a chat. Each partition is piped through the replylint
binary (`RDD.pipe`): standard input in, one JSON finding per line out, `--exit-zero` so that
findings do not fail the task (a reading or configuration error still does, exit 2). Every
finding carries the input's conversation id, the key to join the results back to the table.

    python examples/spark/lint_conversations.py --binary target/release/replylint \\
        conversations.jsonl findings/

Positions that count from the start of the piped partition (`line`, `end_line`,
`byte_start`, `byte_end`) mean nothing outside it and are dropped; `column` and
`end_column` count characters in the conversation's own line and are kept.
"""

import argparse
import json
import os
import shlex
import sys

# Fields of a finding that count from the start of the partition's text.
PARTITION_RELATIVE = ("path", "line", "end_line", "byte_start", "byte_end")


def replylint_command(binary, extra):
    """The command line `RDD.pipe` runs (a string it splits as a shell would)."""
    return shlex.join([binary, "check", "--format", "jsonl", "--exit-zero", "--quiet", *extra, "-"])


def table_findings(line):
    """One finding of the piped output, without the partition-relative positions."""
    finding = json.loads(line)
    for key in PARTITION_RELATIVE:
        finding.pop(key, None)
    return finding


def lint(spark, table, binary, extra=(), partitions=None):
    """The findings of every conversation of `table`, as an RDD of dicts."""
    lines = spark.sparkContext.textFile(table, minPartitions=partitions)
    # Blank lines would reach replylint as blank input; a table has none, but skip them.
    rows = lines.filter(lambda row: row.strip())
    env = {"NO_COLOR": "1", "LC_ALL": "C.UTF-8"}
    piped = rows.pipe(replylint_command(binary, list(extra)), env=env, checkCode=True)
    return piped.map(table_findings)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", help="JSON Lines, one conversation per line")
    parser.add_argument("out", help="folder for the findings (JSON Lines part files)")
    parser.add_argument("--binary", default="replylint", help="the replylint binary")
    parser.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"))
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--config", help="a replylint.toml for every executor")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master(args.master).appName("replylint").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    extra = ["--config", args.config] if args.config else ["--no-config"]
    try:
        findings = lint(spark, args.table, os.path.abspath(args.binary), extra, args.partitions)
        findings.map(lambda f: json.dumps(f, ensure_ascii=False)).saveAsTextFile(args.out)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
