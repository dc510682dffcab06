#!/usr/bin/env bash
# `npm run temporal:build`: builds the Temporal server and its SQL schema tool from the Go module at a
# pinned version, with the PostgreSQL schemas next to them, into .tools/temporal-server/<version>/.
# The cluster tests (`npm run test:cluster`) run what this leaves there. Does nothing when that
# version is already built; safe to re-run and to run twice at once (a lock, and an atomic rename).
set -euo pipefail

TEMPORAL_SERVER_VERSION="v1.32.2"
# go.temporal.io/server v1.32.2 needs Go >= 1.26.10; the go command fetches this toolchain through the
# module proxy when the installed one is older.
GO_TOOLCHAIN="go1.27.3"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${TEMPORAL_SERVER_TOOLS_DIR:-$ROOT/.tools/temporal-server}"
DEST="$TOOLS_DIR/$TEMPORAL_SERVER_VERSION"

step() { printf 'temporal:build: %s\n' "$*"; }

built() {
  [[ -x "$DEST/bin/temporal-server" && -x "$DEST/bin/temporal-sql-tool" &&
    -d "$DEST/schema/postgresql/v12/temporal/versioned" && -d "$DEST/schema/postgresql/v12/visibility/versioned" ]]
}

if built; then
  step "temporal-server $TEMPORAL_SERVER_VERSION already built in $DEST"
  exit 0
fi

command -v go >/dev/null || {
  echo "temporal:build: the go command is not installed (any Go >= 1.21 can fetch $GO_TOOLCHAIN)" >&2
  exit 1
}

mkdir -p "$TOOLS_DIR"
# One build at a time: a second caller waits for the first, then finds the binaries and stops.
exec 9>"$TOOLS_DIR/.build.lock"
if ! flock -n 9; then
  step "another build of the Temporal server is running; waiting for it"
  flock 9
fi
if built; then
  step "temporal-server $TEMPORAL_SERVER_VERSION already built in $DEST"
  exit 0
fi

started=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/temporal-server-build.XXXXXX")"
STAGE="$TOOLS_DIR/.stage-$TEMPORAL_SERVER_VERSION-$$"
trap 'rm -rf "$WORK" "$STAGE"' EXIT

export GOTOOLCHAIN="$GO_TOOLCHAIN"
export GOFLAGS="-mod=mod"
export CGO_ENABLED=0

# A throwaway module outside the project, so the project has no go.mod and the version is pinned here.
step "preparing a build module for go.temporal.io/server@$TEMPORAL_SERVER_VERSION in $WORK (toolchain $GO_TOOLCHAIN)"
cd "$WORK"
go mod init temporal-server-build >/dev/null 2>&1
go get "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" >/dev/null 2>"$WORK/go-get.log" || {
  cat "$WORK/go-get.log" >&2
  exit 1
}
step "using $(go version)"

mkdir -p "$STAGE/bin" "$STAGE/schema/postgresql/v12"
step "building temporal-server (several minutes on two cores)"
go build -trimpath -o "$STAGE/bin/temporal-server" go.temporal.io/server/cmd/server
step "building temporal-sql-tool"
go build -trimpath -o "$STAGE/bin/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql

MODULE_DIR="$(go list -m -f '{{.Dir}}' go.temporal.io/server)"
step "copying the PostgreSQL schemas (v12 temporal and visibility) from $MODULE_DIR"
cp -R "$MODULE_DIR/schema/postgresql/v12/temporal" "$MODULE_DIR/schema/postgresql/v12/visibility" "$STAGE/schema/postgresql/v12/"
# The server's own PostgreSQL development config, kept as the reference the test cluster's config follows.
mkdir -p "$STAGE/config"
cp "$MODULE_DIR/config/development-postgres12.yaml" "$STAGE/config/" 2>/dev/null || true
# The module cache is read-only; copies must stay deletable.
chmod -R u+w "$STAGE"

rm -rf "$DEST"
mv "$STAGE" "$DEST"
step "built temporal-server $TEMPORAL_SERVER_VERSION into $DEST in $((SECONDS - started)) s"
