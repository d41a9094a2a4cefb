// Starts mongo-java-server on 127.0.0.1.
// Usage: java -cp 'lib/*' Launch.java memory|h2 <port> [h2-file]
// Prints "READY <port>" once it accepts connections. Stops cleanly on SIGTERM
// (H2 flushes its store) and when its parent closes our stdin (parent died).
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.h2.mvstore.MVStore;

public class Launch {
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "memory";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    MongoBackend backend;
    MVStore store = null;
    if ("h2".equals(mode)) {
      store = new MVStore.Builder().fileName(args[2]).open();
      store.setAutoCommitDelay(200);
      backend = new H2Backend(store);
    } else {
      backend = new MemoryBackend();
    }
    MongoServer server = new MongoServer(backend);
    server.enableOplog();
    server.bind("127.0.0.1", port);
    InetSocketAddress addr = server.getLocalAddress();
    final MVStore finalStore = store;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      if (finalStore != null && !finalStore.isClosed()) finalStore.close();
    }));
    System.out.println("READY " + addr.getPort());
    System.out.flush();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) { }
      } catch (Exception ignored) { }
      System.exit(0);
    });
    watcher.setDaemon(true);
    watcher.start();
    Thread.currentThread().join();
  }
}
