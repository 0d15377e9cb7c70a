// A FerretDB v1 server for the benchmarks: the embeddable package behind a tiny main, because the
// `go install` binary of v1.24 panics on its missing version file. It speaks the MongoDB wire
// protocol on -listen and stores everything in PostgreSQL (or SQLite with -handler=sqlite).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27690", "address for MongoDB clients")
	handler := flag.String("handler", "postgresql", "backend: postgresql or sqlite")
	pgURL := flag.String("postgresql-url", "postgres://127.0.0.1:5432/ferretdb", "PostgreSQL URL (handler postgresql)")
	sqliteURL := flag.String("sqlite-url", "file:/tmp/ferretdb-sqlite/", "SQLite directory URL (handler sqlite)")
	flag.Parse()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Handler:       *handler,
		PostgreSQLURL: *pgURL,
		SQLiteURL:     *sqliteURL,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		if err := f.Run(ctx); err != nil && ctx.Err() == nil {
			log.Print(err)
		}
		close(done)
	}()
	fmt.Println(f.MongoDBURI())
	<-done
}
