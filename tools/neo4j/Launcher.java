// Runs Neo4j Community (5.26 LTS, from the Maven Central harness artefacts) as a Bolt server for tests,
// benchmarks and local use: `java -cp CLASSPATH Launcher.java HOME`.
// Settings come from HOME/neo4j.conf (written by server.py); the password from NEO4J_PASSWORD.
// Prints "READY" once the database is up. Shuts down cleanly on SIGTERM; unless started with --detached,
// also when stdin closes (so a server started by a test run never outlives it).

import java.nio.file.Path;
import java.util.Map;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

public class Launcher {
    static void setPassword(DatabaseManagementService dbms, String password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        GraphDatabaseService system = dbms.database("system");
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            // a restart with the same home: the password is already the one asked for
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(home.resolve("neo4j.conf"))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        try {
            setPassword(dbms, System.getenv("NEO4J_PASSWORD"));
            dbms.database("neo4j").executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // runs the shutdown hook; the caller sees the exit
        }
        System.out.println("READY");
        System.out.flush();
        if (args.length > 1 && args[1].equals("--detached")) {
            Thread.currentThread().join(); // until SIGTERM runs the shutdown hook
        }
        while (System.in.read() != -1) {
            // ignore input: we only wait for our parent to go away
        }
        System.exit(0);
    }
}
