// C++ std::thread, std::mutex, std::condition_variable and std::async:
// the order in which workers finish and their start times differ
// between runs.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main()
{
   std::mutex mu;
   std::condition_variable cv;
   std::vector<int> order;
   int ready = 0;
   std::vector<std::thread> ts;
   for (int i = 0; i < 4; i++)
      ts.emplace_back([&, i] {
         {
            std::unique_lock<std::mutex> lk(mu);
            ready++;
            cv.notify_all();
            cv.wait(lk, [&] { return ready == 4; });
         }
         volatile long x = 0;
         for (long k = 0; k < 20000L * (4 - i); k++) x += k;
         std::this_thread::sleep_for(std::chrono::microseconds(100 * i));
         std::lock_guard<std::mutex> g(mu);
         order.push_back(i);
      });
   for (auto& t : ts) t.join();
   auto f = std::async(std::launch::async, [] {
      return std::chrono::steady_clock::now().time_since_epoch().count() % 100000;
   });
   std::atomic<long> hits{0};
   std::thread a([&] { for (int k = 0; k < 50000; k++) hits++; });
   std::thread b([&] { for (int k = 0; k < 50000; k++) hits += 2; });
   a.join(); b.join();
   std::string s;
   for (int v : order) s += std::to_string(v);
   std::printf("finish order %s, async said %ld, hits %ld\n", s.c_str(),
               (long)f.get(), hits.load());
   return 0;
}
