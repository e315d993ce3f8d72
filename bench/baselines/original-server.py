#!/usr/bin/env python3
"""BENCHMARK BASELINE, NOT PART OF THE PRODUCT.

The original Python chat server, rewritten from its description in
shared/seed/original-python-chat.txt so the benchmark can compare rxchat with what it replaces:
one thread per client, global lists, the nickname handshake done one client at a time in the
accept loop (first packet = nickname, answered TRUE or FALSE), raw text out as "nick: text\n".

Deviations, each needed to benchmark it at all (see docs/benchmarks.md):
- listens on 127.0.0.1 and the port given as argv[1] (0 = any free port), printing
  {"msg":"listening","port":N} so the benchmark can find it;
- uses sendall() where the original used send(), so a full socket cannot silently drop bytes;
- an empty recv() (the peer closed) counts as a disconnect, where the original would loop on it;
- a client's /close or drop ends only its own thread (the original's global stop flag ended all).
"""
import json
import socket
import sys
import threading

clients_sockets = []
clients_nicknames = []
clients_addresses = []


def broadcast_msg(message, client_sender):
    data = message.encode("utf-8")
    for client in list(clients_sockets):
        if client != client_sender:
            try:
                client.sendall(data)
            except OSError:
                pass


def forget(client):
    try:
        index = clients_sockets.index(client)
    except ValueError:
        return None
    nickname = clients_nicknames[index]
    del clients_sockets[index]
    del clients_nicknames[index]
    del clients_addresses[index]
    return nickname


def recv_message(client):
    while True:
        try:
            message = client.recv(2048).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            message = ""
        if message == "" or message == "/close":
            nickname = forget(client)
            if nickname is not None:
                broadcast_msg(f"{nickname} disconnected!", client)
            client.close()
            return
        index = clients_sockets.index(client)
        nickname = clients_nicknames[index]
        broadcast_msg(f"{nickname}: {message}\n", client)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 12345
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", port))
    server_socket.listen(511)
    print(json.dumps({"msg": "listening", "port": server_socket.getsockname()[1]}, separators=(",", ":")), flush=True)
    while True:
        client, address = server_socket.accept()
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        registered = False
        while True:
            try:
                nickname = client.recv(1024).decode("utf-8")
            except (OSError, UnicodeDecodeError):
                nickname = ""
            if nickname == "":
                client.close()
                break
            if nickname in clients_nicknames:
                client.sendall("FALSE".encode("utf-8"))
            else:
                client.sendall("TRUE".encode("utf-8"))
                registered = True
                break
        if not registered:
            continue
        clients_nicknames.append(nickname)
        clients_addresses.append(address)
        clients_sockets.append(client)
        threading.Thread(target=recv_message, args=[client], daemon=True).start()


if __name__ == "__main__":
    main()
