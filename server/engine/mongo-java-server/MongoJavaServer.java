// A MongoDB-wire-compatible server for tests and for trying the product without MongoDB:
// mongo-java-server with its in-memory backend, or with its H2 backend keeping the data in one file.
//
// Usage (Java 17 runs this file directly, no separate compile step):
//   java -cp 'target/lib/*' MongoJavaServer.java [--port N | N] [--file path.mv] [--exit-with-stdin]
// --port 0 (the default without a port) binds a free port; the line "listening on 127.0.0.1:<port>"
// on stdout says which. --file keeps the data in that H2 MVStore file; without it, data is lost
// on exit. --exit-with-stdin stops the server when stdin closes, so that a parent process that
// dies without stopping it does not leave it running. MONGO_TEST_OPLOG=1 enables change streams.
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

public class MongoJavaServer {
    public static void main(String[] args) throws Exception {
        int port = 0;
        String file = null;
        boolean exitWithStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--exit-with-stdin" -> exitWithStdin = true;
                default -> port = Integer.parseInt(args[i]);
            }
        }
        MongoBackend backend;
        if (file != null) {
            File parent = new File(file).getAbsoluteFile().getParentFile();
            if (parent != null) parent.mkdirs();
            backend = new H2Backend(file);
        } else {
            backend = new MemoryBackend();
        }
        // The default reported version is 5.0.0 / maxWireVersion 8: exactly the minimum the Node
        // driver 6.20 accepts, so it is kept.
        MongoServer server = new MongoServer(backend);
        if ("1".equals(System.getenv("MONGO_TEST_OPLOG"))) {
            server.enableOplog();
            System.out.println("oplog enabled: change streams supported");
        }
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();

        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.shutdownNow(); // closes connections and the backend (the H2 file is written out)
            stopped.countDown();
        };
        // SIGTERM / SIGINT run this hook: close connections and release the port before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        System.out.println("mongo-java-server (" + (file != null ? "H2 file " + file : "in memory")
                + ") listening on 127.0.0.1:" + address.getPort());
        System.out.flush();
        if (exitWithStdin) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    while (in.read() != -1) {
                        // The parent writes nothing; only the end of the stream matters.
                    }
                } catch (Exception ignored) {
                    // A broken pipe means the same as the end of the stream.
                }
                System.exit(0); // runs the shutdown hook
            });
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await(); // Netty threads keep the JVM alive anyway; this just parks main.
    }
}
