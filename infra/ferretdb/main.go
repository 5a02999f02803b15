// Command peerprep-ferretdb runs FerretDB v1 (a MongoDB wire-protocol server)
// embedded, with its SQLite backend, so that PeerPrep needs no Docker and no
// MongoDB install. It serves until SIGTERM or SIGINT, then shuts down cleanly.
//
//	peerprep-ferretdb -listen 127.0.0.1:27017 -dir .peerprep/data/ferretdb -log-level warn
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to serve the MongoDB wire protocol on")
	dir := flag.String("dir", "data", "directory of the SQLite databases (created if missing)")
	logLevel := flag.String("log-level", "info", "log level: debug, info, warn or error")
	flag.Parse()

	if err := run(*listen, *dir, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "peerprep-ferretdb: %s\n", err)
		os.Exit(1)
	}
}

func run(listen, dir, logLevel string) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}

	if err = os.MkdirAll(abs, 0o755); err != nil {
		return err
	}

	// The SQLite backend wants a "file:" URI of a directory, ending with a slash.
	u := &url.URL{Scheme: "file", Opaque: filepath.ToSlash(abs)}
	sqliteURL := u.String()
	if !strings.HasSuffix(sqliteURL, "/") {
		sqliteURL += "/"
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	// New binds the listener, so a taken port fails here.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: sqliteURL,
	})
	if err != nil {
		return err
	}

	logger.Info("peerprep-ferretdb ready", "listen", listen, "sqlite", sqliteURL, "pid", os.Getpid())

	if err = f.Run(ctx); err != nil {
		return err
	}

	logger.Info("peerprep-ferretdb stopped")

	return nil
}
