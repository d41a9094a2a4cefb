// Starts mongo-java-server on 127.0.0.1.
// Usage: java [-Dhomeclub.plan=stock] -cp 'lib/*' Launch.java memory|h2 <port> [h2-file]
// Prints "READY <port>" once it accepts connections. Stops cleanly on SIGTERM
// (H2 flushes its store) and when its parent closes our stdin (parent died).
//
// Query planning. The stock engine uses a (unique) index only when a filter's
// fields are exactly the index's fields, so `{_id: x, balance: {$gte: n}}` —
// every guarded update — scans the whole collection. MongoDB itself finds such
// a document by the `_id` index and checks the rest of the filter on it. The
// collections below do the same: when the filter holds every field of a unique
// index and the index can answer that part alone (equality or `$in`), the
// index's documents are the candidates and the whole filter is matched on
// them (the engine's own matcher, the same one its exact-index path uses);
// otherwise the stock plan runs (`-Dhomeclub.plan=stock`: always). Results are unchanged, only the scan goes
// (server/bench/guarded-update.ts prints both plans; tests/server/storage-contract.test.ts
// pins the results).
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.net.InetSocketAddress;
import java.util.List;
import org.h2.mvstore.MVStore;

public class Launch {
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "memory";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    boolean stock = "stock".equals(System.getProperty("homeclub.plan")); // the engine's own planner (benchmarks' baseline)
    MongoBackend backend;
    MVStore store = null;
    if ("h2".equals(mode)) {
      store = new MVStore.Builder().fileName(args[2]).open();
      store.setAutoCommitDelay(200);
      h2Store = store; // before the backend: it opens the stored databases from its constructor
      backend = stock ? new H2Backend(store) : new PlannedH2Backend(store);
    } else {
      backend = stock ? new MemoryBackend() : new PlannedMemoryBackend();
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

  /** The positions of a unique index that covers part of `query` by fields it can answer alone, or null. */
  static <P> Iterable<P> candidates(List<Index<P>> indexes, Document query) {
    if (query.size() < 2) return null; // a one-field filter is the stock exact-index plan already
    for (Index<P> index : indexes) {
      Document part = new Document();
      for (IndexKey key : index.getKeys()) {
        if (!query.containsKey(key.getKey())) {
          part = null;
          break;
        }
        part.put(key.getKey(), query.get(key.getKey()));
      }
      if (part != null && part.size() < query.size() && index.canHandle(part)) return index.getPositions(part);
    }
    return null;
  }

  static class PlannedMemoryCollection extends MemoryCollection {
    PlannedMemoryCollection(MongoDatabase db, String name, CollectionOptions options, CursorRegistry cursors) {
      super(db, name, options, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
      Iterable<Integer> positions = candidates(getIndexes(), query);
      if (positions == null) return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
      return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
    }
  }

  static class PlannedMemoryDatabase extends MemoryDatabase {
    PlannedMemoryDatabase(String name, CursorRegistry cursors) {
      super(name, cursors);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String name, CollectionOptions options) {
      return new PlannedMemoryCollection(this, name, options, cursorRegistry);
    }
  }

  static class PlannedMemoryBackend extends MemoryBackend {
    @Override
    public MemoryDatabase openOrCreateDatabase(String name) {
      return new PlannedMemoryDatabase(name, getCursorRegistry());
    }
  }

  static class PlannedH2Collection extends H2Collection {
    PlannedH2Collection(MongoDatabase db, String name, CollectionOptions options, MVStore store, String ns, CursorRegistry cursors) {
      // the map names H2Database gives a collection's data and metadata
      super(db, name, options, store.openMap("databases." + ns), store.openMap("meta." + ns), cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize, Document fields) {
      Iterable<Object> positions = candidates(getIndexes(), query);
      if (positions == null) return super.queryDocuments(query, orderBy, skip, limit, batchSize, fields);
      return matchDocuments(query, positions, orderBy, skip, limit, batchSize, fields);
    }
  }

  /** The H2 store (one per process): H2Backend and H2Database open what is stored from their constructors, before a subclass field is set. */
  static MVStore h2Store;

  static class PlannedH2Database extends H2Database {
    PlannedH2Database(String name, MVStore store, CursorRegistry cursors) {
      super(name, store, cursors);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
      return new PlannedH2Collection(this, name, options, h2Store, getFullCollectionNamespace(name), cursorRegistry);
    }
  }

  static class PlannedH2Backend extends H2Backend {
    PlannedH2Backend(MVStore store) {
      super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
      return new PlannedH2Database(name, getMvStore(), getCursorRegistry());
    }
  }
}
