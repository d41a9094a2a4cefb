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
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    // No oplog: nothing here uses change streams, and the engine's oplog keeps a copy of every write for ever
    // (in the heap, or in the H2 file). `-Dhomeclub.oplog=on` turns it back on.
    if ("on".equals(System.getProperty("homeclub.oplog"))) server.enableOplog();
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
    if (query.size() < 2) return null; // a one-field filter is the stock plan already (which also asks FirstKeyIndex)
    List<Index<P>> ordered = new ArrayList<>();
    for (Index<P> index : indexes) if (index.isUnique()) ordered.add(index); // the most selective first
    for (Index<P> index : indexes) if (!index.isUnique()) ordered.add(index);
    for (Index<P> index : ordered) {
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

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
      return new FirstKeyIndex<>(name, keys, sparse);
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

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collection, String name, List<IndexKey> keys, boolean sparse) {
      return new FirstKeyIndex<>(name, keys, sparse); // in memory, rebuilt from the stored documents when the store opens
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

  /**
   * A non-unique index (the stock engine accepts them and keeps nothing): the documents' positions by the value of
   * the index's FIRST field, in position order (the stock scan's natural order). It answers an equality or `$in` on
   * that field (never `null`, a range, an array or a sub-document: those keep the scan) with a superset of the
   * matches; the whole filter is matched on them afterwards. Held in memory, filled from the collection's documents
   * when the index is opened.
   */
  static class FirstKeyIndex<P> extends Index<P> {
    private static final Object NONE = new Object(); // no value (missing or null): kept, so `remove` finds the position
    private final String field;
    private final Map<Object, TreeSet<P>> byValue = new HashMap<>();
    private final Map<Object, P> positionOfId = new HashMap<>();

    FirstKeyIndex(String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.field = keys.get(0).getKey();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int order(Object a, Object b) {
      if (a instanceof Comparable && a.getClass() == b.getClass()) return ((Comparable) a).compareTo(b);
      int byClass = a.getClass().getName().compareTo(b.getClass().getName());
      return byClass != 0 ? byClass : a.toString().compareTo(b.toString());
    }

    private static Object normal(Object v) {
      return v == null ? NONE : new KeyValue(v).normalized().get(0);
    }

    /** The values a document is found under: the field's value, or each element of an array. */
    private Set<Object> valuesOf(Document document) {
      Object v = Utils.getSubdocumentValueCollectionAware(document, field);
      Set<Object> out = new LinkedHashSet<>();
      if (v instanceof Collection) {
        for (Object e : (Collection<?>) v) out.add(e instanceof Document || e instanceof Collection ? NONE : normal(e));
        if (out.isEmpty()) out.add(NONE);
      } else if (v == null || v instanceof Document || v.getClass().getSimpleName().equals("Missing")) {
        out.add(NONE);
      } else {
        out.add(normal(v));
      }
      return out;
    }

    private static Object idOf(Document document) {
      return normal(document.get("_id"));
    }

    private static boolean plain(Object v) {
      return v != null && !(v instanceof Document) && !(v instanceof Collection) && !(v instanceof java.util.regex.Pattern)
          && !v.getClass().getSimpleName().equals("Missing");
    }

    @Override
    public synchronized boolean canHandle(Document query) {
      if (!query.containsKey(field)) return false;
      Object v = query.get(field);
      if (v instanceof Document) {
        Document d = (Document) v;
        if (d.size() != 1 || !(d.get("$in") instanceof Collection)) return false;
        for (Object e : (Collection<?>) d.get("$in")) if (!plain(e)) return false;
        return true;
      }
      return plain(v);
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
      Object v = query.get(field);
      Collection<?> values = v instanceof Document ? (Collection<?>) ((Document) v).get("$in") : Collections.singletonList(v);
      TreeSet<P> out = new TreeSet<>(FirstKeyIndex::order);
      for (Object e : values) {
        TreeSet<P> at = byValue.get(normal(e));
        if (at != null) out.addAll(at);
      }
      return new ArrayList<>(out);
    }

    @Override
    public P getPosition(Document document) {
      return null; // not an identity: the unique indexes answer that
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {}

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
      positionOfId.put(idOf(document), position);
      for (Object value : valuesOf(document)) byValue.computeIfAbsent(value, k -> new TreeSet<>(FirstKeyIndex::order)).add(position);
    }

    @Override
    public synchronized P remove(Document document) {
      P position = positionOfId.remove(idOf(document));
      if (position == null) return null;
      for (Object value : valuesOf(document)) {
        TreeSet<P> at = byValue.get(value);
        if (at != null && at.remove(position) && at.isEmpty()) byValue.remove(value);
      }
      return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {}

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
      if (valuesOf(oldDocument).equals(valuesOf(newDocument)) && idOf(oldDocument).equals(idOf(newDocument))) return;
      remove(oldDocument);
      add(newDocument, position, collection);
    }

    @Override
    public synchronized long getCount() {
      return positionOfId.size();
    }

    @Override
    public long getDataSize() {
      return 0;
    }

    @Override
    public synchronized void drop() {
      byValue.clear();
      positionOfId.clear();
    }
  }
}
