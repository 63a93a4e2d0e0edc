// ZeroMQ's C API (libzmq): the sockets of the Jupyter kernel.
#include <zmq.h>
