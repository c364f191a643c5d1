package io.mediaflow.testkit;

import io.mediaflow.api.store.Storage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInfo;

/**
 * The behaviour every {@link Storage} adapter must share: subclass it, return a fresh, empty store
 * from {@link #newStorage()}, and every contract suite of every part runs against your adapter, one
 * nested class per suite.
 *
 * {@snippet :
 * class JdbcStorageTest extends StorageContract {
 *   @Override
 *   protected Storage newStorage() {
 *     return JdbcStorage.h2(freshDatabase());
 *   }
 * }
 * }
 *
 * <p>The suites, one or more per part: {@link JobStoreContract}, {@link JobQueueContract} and
 * {@link JobLifecycleContract}, {@link JobWaitContract} and {@link JobWaitRaceContract} for {@link
 * Storage#jobs()}, with {@link ConcurrencyLimitContract} and {@link ConcurrencyLimitRaceContract}
 * for its concurrency limits; {@link ScheduleStoreContract} for {@link Storage#schedules()}; {@link
 * WebhookStoreContract} for {@link Storage#webhooks()}; {@link CheckpointStoreContract} for {@link
 * Storage#checkpoints()}; {@link WorkflowStoreContract} for {@link Storage#workflows()}; {@link
 * LibraryStoreContract} for {@link Storage#library()}; {@link RuleStoreContract} for {@link
 * Storage#rules()}; {@link FileStateStoreContract} for {@link Storage#files()}; {@link
 * ApiKeyStoreContract} for {@link Storage#apiKeys()}. A new part's suite is added here as one more
 * nested class, so every adapter runs it. Tests a subclass declares itself get a store of their own
 * in {@link #storage}, as in each suite. A store over a database also overrides {@link
 * #openSharing(Storage)}, so the suites check two instances on one database.
 */
public abstract class StorageContract extends StorageContractSupport {

  /** The nested suites open their own stores; this class opens one only for its own tests. */
  @Override
  boolean opensStorageFor(TestInfo test) {
    return test.getTestClass().orElse(null) == getClass();
  }

  /** Submit, find, queries, counts, logs and retention of {@link Storage#jobs()}. */
  @Nested
  class Jobs extends JobStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** Claims, leases and batched changes of {@link Storage#jobs()}. */
  @Nested
  class Queue extends JobQueueContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** State changes and versions of {@link Storage#jobs()}. */
  @Nested
  class Lifecycle extends JobLifecycleContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#schedules()}. */
  @Nested
  class Schedules extends ScheduleStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#webhooks()}. */
  @Nested
  class Webhooks extends WebhookStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** Durable waits of {@link Storage#jobs()}: yields, signals, children, cancel cascades. */
  @Nested
  class Waits extends JobWaitContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** Wake-ups of {@link Storage#jobs()} under concurrency. */
  @Nested
  class WaitRaces extends JobWaitRaceContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#checkpoints()}. */
  @Nested
  class Checkpoints extends CheckpointStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#workflows()}: definitions and the correlation index of waiting runs. */
  @Nested
  class Workflows extends WorkflowStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#library()}: tags and collections of media files. */
  @Nested
  class Library extends LibraryStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /**
   * Concurrency limits of {@link Storage#jobs()}: {@code submitLimited} and the places it gives.
   */
  @Nested
  class Limits extends ConcurrencyLimitContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** Concurrency limits of {@link Storage#jobs()} under many threads at once. */
  @Nested
  class LimitRaces extends ConcurrencyLimitRaceContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#rules()}: rules, their counters and the change count. */
  @Nested
  class Rules extends RuleStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#files()}: the handled files of watched folders, claimed once per version. */
  @Nested
  class Files extends FileStateStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }
  }

  /** {@link Storage#apiKeys()}: the API keys of the HTTP host, unique by id and by hash. */
  @Nested
  class ApiKeyStores extends ApiKeyStoreContract {
    @Override
    protected Storage newStorage() {
      return StorageContract.this.newStorage();
    }

    @Override
    protected Storage openSharing(Storage first) {
      return StorageContract.this.openSharing(first);
    }
  }
}
