// Test-only MongoDB-wire-compatible server: mongo-java-server with the in-memory backend.
// Usage: java -cp 'target/lib/*' MongoTestServer.java [port]   (default 27017; data is lost on exit)
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.CountDownLatch;

public class MongoTestServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        // Default reported version is 5.0.0 / maxWireVersion 8: exactly the minimum the Node driver 6.20 accepts,
        // so keep it (.version(ServerVersion.MONGO_4_0 or MONGO_3_6) would be rejected by the driver).
        MongoServer server = new MongoServer(new MemoryBackend());
        // Opt-in: MONGO_TEST_OPLOG=1 keeps an (unbounded, in-memory) oplog so change streams work.
        if ("1".equals(System.getenv("MONGO_TEST_OPLOG"))) {
            server.enableOplog();
            System.out.println("oplog enabled: change streams supported");
        }
        server.bind("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM / SIGINT run this hook: close connections and release the port before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }));
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port);
        System.out.flush();
        stopped.await(); // Netty threads keep the JVM alive anyway; this just parks main.
    }
}
